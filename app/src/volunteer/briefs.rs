//! 今日の訪問 on the home screen, and the brief screen (`/v/briefs/:brief_id`): made for a glance
//! at a doorstep. Both read only the encrypted vault, so they work offline; the route carries the
//! brief id and nothing else.

use domain::api::PledgeStatus;
use domain::content::brief::Brief;
use domain::content::referral::Field;
use domain::ids::BriefId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::network::use_connectivity;
use crate::ui::ErrorNote;
use crate::ui::icons::{Icon, Svg};
use crate::volunteer::device::{Phase, use_device};
use crate::volunteer::msg::FieldLabel;
use crate::volunteer::sync::{HeldBrief, use_visits};
use crate::volunteer::visits::{self, VisitRow, field_key};
use crate::volunteer::{VMsg, VPhrase, VolunteerHome};

/// The fields the brief screen shows in places of their own; every other released field is
/// listed under its label.
const OWN_PLACE: [Field; 5] = [
    Field::Called,
    Field::Address,
    Field::Allergies,
    Field::Cautions,
    Field::DoNotMention,
];

/// Icons only this screen uses (decorative: each sits next to a heading that says the same).
#[derive(Clone, Copy)]
enum Glyph {
    Warning,
    NoEntry,
    Pin,
}

#[component]
fn GlyphSvg(glyph: Glyph) -> impl IntoView {
    let paths: &'static [&'static str] = match glyph {
        Glyph::Warning => &["M12 3 2 20.5h20L12 3z", "M12 9.5v5", "M12 17.6v.1"],
        Glyph::NoEntry => &["M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z", "m5.6 5.6 12.8 12.8"],
        Glyph::Pin => &[
            "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z",
            "M12 7a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z",
        ],
    };
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="28"
            height="28"
            fill="none"
            stroke="currentColor"
            stroke-width="2.2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {paths.iter().map(|d| view! { <path d=*d /> }).collect_view()}
        </svg>
    }
}

/// 今日の訪問 and the coming visits, from the vault; a visit whose brief the phone holds opens it.
#[component]
pub fn VisitsCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: VMsg| move || i18n.t(m);
    let visits = use_visits();
    let online = use_connectivity().online;
    visits.on_home();
    let rows = Memo::new(move |_| {
        let now = visits.clock.get();
        visits
            .assignments
            .with(|a| visits.briefs.with(|b| visits::rows(a, b, now)))
    });
    let error = visits.error;
    view! {
        <section class="card visit-card" aria-labelledby="today-title" data-testid="visit-today">
            <h2 class="card-title" id="today-title">{t(VMsg::TodayTitle)}</h2>
            <Show when=move || !online.get()>
                <p class="note note-warn" role="status" data-testid="visits-offline">{t(VMsg::VisitsOffline)}</p>
            </Show>
            <Show when=move || visits.syncing.get()>
                <p class="muted visit-syncing" role="status">{t(VMsg::VisitsSyncing)}</p>
            </Show>
            <Show when=move || visits.refused.with(Option::is_some)>
                <p class="note note-error" role="alert" data-testid="brief-refused">
                    {t(VMsg::BriefRefused)} " "
                    {move || visits.refused.get().map(|r| i18n.t(r)).unwrap_or_default()}
                </p>
            </Show>
            <ErrorNote error=error />
            {move || {
                if !visits.loaded.get() {
                    return view! { <p class="muted" role="status">{t(VMsg::Loading)}</p> }.into_any();
                }
                let (today, coming) = rows.get();
                if today.is_empty() && coming.is_empty() {
                    return view! {
                        <p class="muted" data-testid="visits-empty">{t(VMsg::NoVisits)}</p>
                    }
                    .into_any();
                }
                view! {
                    {if today.is_empty() {
                        view! { <p class="muted" data-testid="visits-none-today">{t(VMsg::VisitsNoneToday)}</p> }.into_any()
                    } else {
                        view! { <ul class="visit-list">{today.into_iter().map(visit_row).collect_view()}</ul> }.into_any()
                    }}
                    {(!coming.is_empty()).then(|| view! {
                        <h3 class="visit-subtitle">{t(VMsg::VisitsComing)}</h3>
                        <ul class="visit-list" data-testid="visit-coming">
                            {coming.into_iter().map(visit_row).collect_view()}
                        </ul>
                    })}
                }
                .into_any()
            }}
        </section>
    }
}

fn visit_row(row: VisitRow) -> impl IntoView {
    let i18n = use_i18n();
    let time = VPhrase::VisitTime {
        at: row.at,
        minutes: row.minutes,
    };
    let called = row.called.clone();
    let name = move || {
        called
            .clone()
            .unwrap_or_else(|| i18n.t(VMsg::VisitPlace).to_owned())
    };
    let content = view! {
        <span class="visit-time">{move || i18n.say(&time)}</span>
        <span class="visit-name">{name}</span>
    };
    match row.brief_id {
        Some(id) => view! {
            <li>
                <A href=format!("/v/briefs/{id}") attr:class="visit-row visit-link" attr:data-testid="visit-row">
                    <span class="visit-text">{content}</span>
                    <span class="visit-chevron"><Svg icon=Icon::Chevron /></span>
                </A>
            </li>
        }
        .into_any(),
        None => view! {
            <li>
                <div class="visit-row" data-testid="visit-row">
                    <span class="visit-text">
                        {content}
                        <span class="visit-hint">{move || i18n.t(VMsg::BriefNotYet)}</span>
                    </span>
                </div>
            </li>
        }
        .into_any(),
    }
}

/// `/v/briefs/:brief_id`: the brief once the phone is unlocked (and the pledge signed); until
/// then, whatever the home screen would show (the PIN screen, the pledge).
#[component]
pub fn BriefPage() -> impl IntoView {
    let device = use_device();
    let ready = move || {
        device.phase.get() == Phase::Unlocked
            && device.profile.with(|p| {
                !matches!(
                    p.as_ref().map(|p| &p.pledge),
                    Some(PledgeStatus::Required { .. }) | None
                )
            })
    };
    view! {
        <Show when=ready fallback=|| view! { <VolunteerHome /> }>
            <BriefLoader />
        </Show>
    }
}

#[component]
fn BriefLoader() -> impl IntoView {
    let i18n = use_i18n();
    let visits = use_visits();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("brief_id").and_then(|s| BriefId::parse(&s).ok()))
    });
    let held = LocalResource::new(move || {
        let id = id.get();
        async move {
            let Some(id) = id else {
                return Ok(None);
            };
            let held = visits.open_brief(&id).await;
            if matches!(held, Ok(Some(_))) {
                // The `Opened` event goes up now if there is a signal, else at the next sync.
                visits.soon();
            }
            held
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="muted" role="status">{move || i18n.t(VMsg::Loading)}</p> }>
            {move || held.get().map(|result: Result<Option<HeldBrief>, AppError>| match result {
                Ok(Some(held)) => view! { <BriefScreen held=held /> }.into_any(),
                Ok(None) => view! {
                    <BriefGone title=VMsg::BriefMissingTitle body=VMsg::BriefMissingBody testid="brief-missing" />
                }
                .into_any(),
                Err(e) => {
                    let error = RwSignal::new(Some(e));
                    view! { <ErrorNote error=error /> <BackToVisits /> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn BackToVisits() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href="/v" attr:class="back-link brief-back" attr:data-testid="brief-back">
            {move || i18n.t(VMsg::BriefBack)}
        </A>
    }
}

#[component]
fn BriefGone(title: VMsg, body: VMsg, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <BackToVisits />
        <h1 class="page-title" data-testid=testid>{move || i18n.t(title)}</h1>
        <p class="lead">{move || i18n.t(body)}</p>
    }
}

/// Shows the brief only while it is valid on the phone's clock: at its end it is replaced by a
/// notice, to the second (a timer), and deleted from the vault.
#[component]
fn BriefScreen(held: HeldBrief) -> impl IntoView {
    let visits = use_visits();
    let valid_until = held.valid_until;
    let ended = RwSignal::new(js_sys::Date::now() as i64 >= valid_until);
    let left_ms = valid_until - js_sys::Date::now() as i64;
    // Beyond what a browser timer holds (about 24 days) the regular tick takes over.
    let timer = (left_ms > 0 && left_ms < i64::from(i32::MAX))
        .then(|| {
            set_timeout_with_handle(
                move || ended.set(true),
                std::time::Duration::from_millis(left_ms as u64),
            )
            .ok()
        })
        .flatten();
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
    });
    let expired = move || ended.get() || visits.clock.get() >= valid_until;
    Effect::new(move |_| {
        if expired() {
            // Deletes it from the vault (and queues the confirmation) right away.
            visits.refresh(false);
        }
    });
    let brief = held.brief;
    view! {
        <Show
            when=move || !expired()
            fallback=|| view! {
                <BriefGone title=VMsg::BriefExpiredTitle body=VMsg::BriefExpiredBody testid="brief-expired" />
            }
        >
            <BriefBody brief=brief.clone() valid_until=valid_until />
        </Show>
    }
}

#[component]
fn BriefBody(brief: Brief, valid_until: i64) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: VMsg| move || i18n.t(m);
    let called = brief.field(Field::Called).map(str::to_owned);
    let title = match called {
        Some(name) => view! {
            <h1 class="page-title brief-called" id="brief-title" data-testid="brief-called">
                <span data-testid="brief-field-called">{name}</span>
            </h1>
        }
        .into_any(),
        None => view! {
            <h1 class="page-title brief-called" id="brief-title">{t(VMsg::VisitPlace)}</h1>
        }
        .into_any(),
    };
    let address = brief.field(Field::Address).map(|address| {
        let href = visits::geo_link(address);
        let address = address.to_owned();
        view! {
            <section class="brief-block" aria-labelledby="brief-address-title">
                <h2 class="brief-heading" id="brief-address-title">{t(VMsg::BriefAddressTitle)}</h2>
                <a class="brief-address" href=href data-testid="brief-address">
                    <span class="brief-address-icon"><GlyphSvg glyph=Glyph::Pin /></span>
                    <span class="brief-address-text">
                        <span class="brief-text" data-testid="brief-field-address">{address}</span>
                        <span class="brief-address-hint">{t(VMsg::BriefOpenMap)}</span>
                    </span>
                </a>
            </section>
        }
    });
    let instructions = (!brief.instructions.is_empty()).then(|| {
        let text = brief.instructions.clone();
        view! {
            <section class="brief-block brief-todo" aria-labelledby="brief-todo-title" data-testid="brief-instructions">
                <h2 class="brief-heading" id="brief-todo-title">{t(VMsg::BriefInstructions)}</h2>
                <p class="brief-text">{text}</p>
            </section>
        }
    });
    let allergies = brief.field(Field::Allergies).map(|text| {
        let text = text.to_owned();
        view! {
            <section class="brief-block brief-allergies" aria-labelledby="brief-allergies-title" data-testid="brief-allergies">
                <h2 class="brief-heading" id="brief-allergies-title">
                    <GlyphSvg glyph=Glyph::Warning />
                    <span>{t(VMsg::BriefAllergies)}</span>
                </h2>
                <p class="brief-text" data-testid="brief-field-allergies">{text}</p>
            </section>
        }
    });
    let cautions = two_part(
        &brief.cautions,
        brief.field(Field::Cautions),
        "brief-field-cautions",
    )
    .map(|(own, field)| {
        view! {
            <section class="brief-block brief-cautions" role="note" aria-labelledby="brief-cautions-title" data-testid="brief-cautions">
                <h2 class="brief-heading" id="brief-cautions-title">
                    <GlyphSvg glyph=Glyph::Warning />
                    <span>{t(VMsg::BriefCautions)}</span>
                </h2>
                {own}
                {field}
            </section>
        }
    });
    let do_not_mention = two_part(
        &brief.do_not_mention,
        brief.field(Field::DoNotMention),
        "brief-field-do_not_mention",
    )
    .map(|(own, field)| {
        view! {
            <section class="brief-block brief-dnm" role="note" aria-labelledby="brief-dnm-title" data-testid="brief-do-not-mention">
                <h2 class="brief-heading" id="brief-dnm-title">
                    <GlyphSvg glyph=Glyph::NoEntry />
                    <span>{t(VMsg::BriefDoNotMention)}</span>
                </h2>
                {own}
                {field}
            </section>
        }
    });
    let others: Vec<(Field, String)> = brief
        .fields
        .iter()
        .filter(|r| !OWN_PLACE.contains(&r.field) && !r.text.is_empty())
        .map(|r| (r.field, r.text.clone()))
        .collect();
    let others = (!others.is_empty()).then(|| {
        view! {
            <section class="brief-block" aria-labelledby="brief-facts-title">
                <h2 class="brief-heading" id="brief-facts-title">{t(VMsg::BriefOtherFacts)}</h2>
                <dl class="brief-facts">
                    {others
                        .into_iter()
                        .map(|(field, text)| view! {
                            <div class="brief-fact" data-testid=format!("brief-field-{}", field_key(field))>
                                <dt>{move || i18n.t(FieldLabel(field))}</dt>
                                <dd class="brief-text">{text}</dd>
                            </div>
                        })
                        .collect_view()}
                </dl>
            </section>
        }
    });
    let centre = phone_link(
        &brief.centre_phone,
        VMsg::BriefCallCentre,
        "brief-tel-centre",
    );
    let coordinator = phone_link(
        &brief.coordinator_phone,
        VMsg::BriefCallCoordinator,
        "brief-tel-coordinator",
    );
    let has_phones = centre.is_some() || coordinator.is_some();
    view! {
        <article class="brief" data-testid="brief-screen" aria-labelledby="brief-title">
            <BackToVisits />
            {title}
            <p class="muted brief-only">{t(VMsg::BriefOnlyReleased)}</p>
            {address}
            {instructions}
            {allergies}
            {cautions}
            {do_not_mention}
            {others}
            {has_phones.then(|| view! {
                <section class="brief-block" aria-labelledby="brief-contacts-title">
                    <h2 class="brief-heading" id="brief-contacts-title">{t(VMsg::BriefContacts)}</h2>
                    <div class="stack">{centre}{coordinator}</div>
                </section>
            })}
            <p class="brief-valid" data-testid="brief-valid-until">
                {move || i18n.say(&VPhrase::ValidUntil { at: valid_until })}
            </p>
        </article>
    }
}

/// The coordinator's own text and the released referral field of the same kind, each as a
/// paragraph; `None` when both are blank.
#[allow(clippy::type_complexity)]
fn two_part(
    own: &str,
    field: Option<&str>,
    field_testid: &'static str,
) -> Option<(Option<AnyView>, Option<AnyView>)> {
    let own = (!own.trim().is_empty()).then(|| {
        let text = own.to_owned();
        view! { <p class="brief-text">{text}</p> }.into_any()
    });
    let field = field.filter(|f| !f.trim().is_empty()).map(|text| {
        let text = text.to_owned();
        view! { <p class="brief-text" data-testid=field_testid>{text}</p> }.into_any()
    });
    (own.is_some() || field.is_some()).then_some((own, field))
}

fn phone_link(number: &str, label: VMsg, testid: &'static str) -> Option<AnyView> {
    let number = number.trim();
    if number.is_empty() {
        return None;
    }
    let i18n = use_i18n();
    let href = visits::tel_link(number);
    let number = number.to_owned();
    Some(
        view! {
            <a class="brief-tel" href=href data-testid=testid>
                <span class="brief-tel-icon"><Svg icon=Icon::Phone size=26 /></span>
                <span class="brief-tel-text">
                    <span class="brief-tel-label">{move || i18n.t(label)}</span>
                    <span class="nowrap">{number}</span>
                </span>
            </a>
        }
        .into_any(),
    )
}
