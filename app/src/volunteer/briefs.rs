//! 今日の訪問 on the home screen, and the brief screen (`/v/briefs/:brief_id`): made for a glance
//! at a doorstep. Both read only the encrypted vault, so they work offline; the route carries the
//! brief id and nothing else.

use domain::api::{ErrorCode, PledgeStatus};
use domain::content::brief::Brief;
use domain::content::referral::Field;
use domain::ids::BriefId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::network::use_connectivity;
use crate::ui::ErrorNote;
use crate::ui::icons::{Icon, Svg};
use crate::volunteer::device::{Phase, use_device};
use crate::volunteer::msg::FieldLabel;
use crate::volunteer::sync::{HeldBrief, use_visits};
use crate::volunteer::visits::{self, VisitRow};
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
    // Set when the relay, asked while the brief is on screen, no longer knows its assignment:
    // ended, withdrawn or reassigned since the last sync. The brief leaves the screen at once;
    // the sync that follows deletes it and confirms the deletion.
    let ended = RwSignal::new(false);
    let held = LocalResource::new(move || {
        let id = id.get();
        async move {
            let Some(id) = id else {
                return Ok(None);
            };
            let held = visits.open_brief(&id).await;
            if let Ok(Some(h)) = &held {
                // The `Opened` event goes up now if there is a signal, else at the next sync.
                visits.soon();
                let assignment = h.assignment_id.clone();
                leptos::task::spawn_local(async move {
                    // Offline or any other failure: the phone keeps what it holds until it
                    // knows better (its own clock still ends it at its validity).
                    if let Err(AppError::Api(ErrorCode::NotFound)) =
                        api::device::assignment(&assignment).await
                    {
                        ended.set(true);
                        visits.soon();
                    }
                });
            }
            held
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="muted" role="status">{move || i18n.t(VMsg::Loading)}</p> }>
            {move || held.get().map(|result: Result<Option<HeldBrief>, AppError>| match result {
                Ok(Some(_)) if ended.get() => view! {
                    <BriefGone title=VMsg::BriefMissingTitle body=VMsg::BriefMissingBody testid="brief-missing" />
                }
                .into_any(),
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
        let href = crate::ui::links::geo_link(address);
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
                            <div class="brief-fact" data-testid=format!("brief-field-{}", field.key())>
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
    let href = crate::ui::links::tel_link(number);
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use domain::content::brief::Released;
    use domain::ids::{AssignmentId, VolunteerId};
    use domain::schedule::VisitSchedule;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn sample() -> Brief {
        let released = |field, text: &str| Released {
            field,
            text: text.into(),
        };
        Brief {
            assignment_id: AssignmentId::random().unwrap(),
            volunteer_id: VolunteerId::random().unwrap(),
            fields: vec![
                released(Field::Called, "山田さん"),
                released(Field::Address, "東京都練馬区1-2-3 メゾン201"),
                released(Field::AccessNotes, "裏口から。インターホンは鳴らさない"),
                released(Field::Household, "母\n長男 8歳 小3"),
                released(Field::Allergies, "えび・かに"),
                released(Field::Cautions, "犬が苦手"),
                released(Field::DoNotMention, "父親のこと"),
            ],
            instructions: "夕食を一緒に作る".into(),
            cautions: "17時までに到着".into(),
            do_not_mention: "学校の成績".into(),
            schedule: VisitSchedule::Once {
                at: 1_795_500_000_000,
                minutes: 90,
            },
            valid_until: 1_796_000_000_000,
            centre_phone: "03-1234-5678".into(),
            coordinator_phone: "090-0000-1111".into(),
        }
    }

    fn mount(brief: Brief) -> web_sys::HtmlElement {
        let document = document();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        let valid_until = brief.valid_until;
        leptos::mount::mount_to(host.clone(), move || {
            crate::i18n::I18n::provide();
            let brief = brief.clone();
            view! { <Router><main class="page"><BriefBody brief=brief valid_until=valid_until /></main></Router> }
        })
        .forget();
        host
    }

    fn testid(host: &web_sys::HtmlElement, id: &str) -> Option<web_sys::Element> {
        host.query_selector(&format!("[data-testid=\"{id}\"]"))
            .unwrap()
    }

    fn text(host: &web_sys::HtmlElement, id: &str) -> String {
        testid(host, id)
            .unwrap_or_else(|| panic!("{id} missing"))
            .text_content()
            .unwrap_or_default()
    }

    #[wasm_bindgen_test]
    fn the_brief_shows_every_released_part_in_its_place_and_nothing_else() {
        let host = mount(sample());
        assert!(testid(&host, "brief-screen").is_some());
        assert_eq!(text(&host, "brief-called"), "山田さん");
        let geo = testid(&host, "brief-address").unwrap();
        assert!(
            geo.get_attribute("href")
                .unwrap()
                .starts_with("geo:0,0?q=%E6%9D%B1")
        );
        assert!(text(&host, "brief-instructions").contains("夕食を一緒に作る"));
        assert!(text(&host, "brief-allergies").contains("えび・かに"));
        let cautions = text(&host, "brief-cautions");
        assert!(cautions.contains("17時までに到着") && cautions.contains("犬が苦手"));
        let dnm = text(&host, "brief-do-not-mention");
        assert!(
            dnm.contains("話題にしないこと")
                && dnm.contains("父親のこと")
                && dnm.contains("学校の成績")
        );
        assert!(text(&host, "brief-field-access_notes").contains("裏口から"));
        assert!(text(&host, "brief-field-household").contains("長男 8歳 小3"));
        assert_eq!(
            testid(&host, "brief-tel-centre")
                .unwrap()
                .get_attribute("href")
                .as_deref(),
            Some("tel:0312345678")
        );
        assert_eq!(
            testid(&host, "brief-tel-coordinator")
                .unwrap()
                .get_attribute("href")
                .as_deref(),
            Some("tel:09000001111")
        );
        assert!(text(&host, "brief-valid-until").contains("まで"));
        // Every released field is shown once, under its test id.
        for field in Field::ALL {
            let shown = testid(&host, &format!("brief-field-{}", field.key())).is_some();
            let released = sample().field(field).is_some();
            assert_eq!(shown, released, "{field:?}");
        }
        host.remove();
    }

    #[wasm_bindgen_test]
    fn a_brief_with_only_instructions_shows_no_other_part() {
        let mut brief = sample();
        brief.fields = vec![Released {
            field: Field::Languages,
            text: "日本語".into(),
        }];
        brief.cautions.clear();
        brief.do_not_mention.clear();
        brief.coordinator_phone.clear();
        let host = mount(brief);
        for absent in [
            "brief-called",
            "brief-address",
            "brief-allergies",
            "brief-cautions",
            "brief-do-not-mention",
            "brief-tel-coordinator",
        ] {
            assert!(testid(&host, absent).is_none(), "{absent}");
        }
        let page = host.text_content().unwrap();
        assert!(page.contains("訪問先") && page.contains("日本語"));
        assert!(!page.contains("山田") && !page.contains("えび") && !page.contains("父親"));
        host.remove();
    }

    #[wasm_bindgen_test]
    fn a_visit_opens_its_brief_by_id_only_and_one_without_a_brief_says_so() {
        let brief_id = BriefId::random().unwrap();
        let row = |brief_id: Option<BriefId>, called: Option<&str>| VisitRow {
            visit_id: domain::ids::VisitId::random().unwrap(),
            at: 1_795_359_600_000 + 2 * 86_400_000 + 17 * 3_600_000,
            minutes: 90,
            brief_id,
            called: called.map(str::to_owned),
        };
        let rows = vec![
            row(Some(brief_id.clone()), Some("山田さん")),
            row(None, None),
        ];
        let document = document();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        leptos::mount::mount_to(host.clone(), move || {
            crate::i18n::I18n::provide();
            let rows = rows.clone();
            view! { <Router><ul class="visit-list">{rows.into_iter().map(visit_row).collect_view()}</ul></Router> }
        })
        .forget();
        // Two rows, one of each kind (checked below).
        let list = host.query_selector("ul.visit-list").unwrap().unwrap();
        assert_eq!(list.child_element_count(), 2);
        let first = host
            .query_selector("a[data-testid=visit-row]")
            .unwrap()
            .unwrap();
        assert_eq!(
            first.get_attribute("href"),
            Some(format!("/v/briefs/{brief_id}"))
        );
        let text = first.text_content().unwrap();
        assert!(text.contains("11月25日(水) 17:00–18:30") && text.contains("山田さん"));
        let second = host
            .query_selector("div[data-testid=visit-row]")
            .unwrap()
            .unwrap();
        let text = second.text_content().unwrap();
        assert!(text.contains("訪問先") && text.contains("まだ"));
        host.remove();
    }
}
