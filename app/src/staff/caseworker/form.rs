//! `/w/referrals/new` and `/w/referrals/:referral_id/edit`: the referral form, typed field by
//! field, sealed here to the centre and the programme's partner and sent.
//!
//! Nothing typed is ever thrown away: problems are shown next to their fields (and listed above
//! the send button, each a way back to its field), and a refused or failed send leaves the form
//! as it was. The partner must be a partner this centre confirmed: the referral is sealed to no
//! key the relay merely lists.

use domain::api::{NewReferral, Programme, Referral, ReferralStatus, ReferralUpdate};
use domain::content::referral::ConsentMethod;
use domain::ids::{OrgId, ProgrammeId, ReferralId};
use domain::schedule::Weekday;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::draft::{
    Draft, PersonDraft, PersonPart, Problems, Slot, WishDraft, WishPart, Wrong, method_code,
    weekday_code,
};
use super::ledger::WarnIcon;
use super::msg::{CaseworkerMsg, CaseworkerPhrase, SlotProblem};
use super::referral::load_detail;
use super::show::{RefusalNote, weekday_name};
use super::{Centre, centre_key, use_centre};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::not_found::NotFound;
use crate::staff::casework::{self, BothSides};
use crate::staff::session::{StaffState, use_staff};
use crate::ui::{Action, ErrorNote, PrimaryButton, UiMsg};

/// `/w/referrals/new`.
#[component]
pub fn NewReferralScreen() -> impl IntoView {
    let centre = use_centre();
    centre.refresh_directory();
    let staff = use_staff();
    // The consent is recorded by whoever writes the referral, unless they say otherwise.
    let me = staff.signed_in.with_untracked(|s| {
        s.as_ref()
            .map(|s| s.session.display_name.clone())
            .unwrap_or_default()
    });
    view! { <ReferralForm mode=Mode::New draft=Draft::new(&me) /> }
}

/// `/w/referrals/:referral_id/edit`: the form filled from the current version.
#[component]
pub fn EditReferralScreen() -> impl IntoView {
    let i18n = use_i18n();
    let centre = use_centre();
    centre.refresh_directory();
    let detail = load_detail();
    let state = Memo::new(move |_| match detail.get() {
        None => Edit::Loading,
        Some(Ok(Some(d))) => {
            let referral = d.referral;
            if !matches!(
                referral.status,
                ReferralStatus::Sent | ReferralStatus::Accepted
            ) {
                return Edit::Closed(referral.id);
            }
            match centre.open(&referral) {
                // The partners are still loading, or the centre's key is not verified here.
                None if centre_key().is_some() => Edit::Loading,
                None => Edit::Locked,
                Some(Err(refusal)) => Edit::Refused(refusal),
                Some(Ok(content)) => {
                    let draft = Draft::of(referral.programme_id.as_str(), &content);
                    Edit::Ready(Box::new(referral), Box::new(draft))
                }
            }
        }
        Some(Ok(None)) | Some(Err(AppError::Api(domain::api::ErrorCode::NotFound))) => {
            Edit::Missing
        }
        Some(Err(err)) => Edit::Failed(err),
    });
    move || {
        match state.get() {
        Edit::Loading => view! {
            <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p>
        }
        .into_any(),
        Edit::Failed(err) => {
            let error = RwSignal::new(Some(err));
            view! { <ErrorNote error=error /> }.into_any()
        }
        Edit::Missing => view! { <NotFound /> }.into_any(),
        Edit::Locked => view! {
            <p class="note note-info" data-testid="referral-locked">{move || i18n.t(CaseworkerMsg::NeedsOrgKey)}</p>
        }
        .into_any(),
        Edit::Refused(refusal) => view! { <RefusalNote refusal=refusal /> }.into_any(),
        Edit::Closed(id) => view! {
            <section class="card">
                <p class="note note-info" data-testid="referral-closed">{move || i18n.t(CaseworkerMsg::CannotRevise)}</p>
                <A href=format!("/w/referrals/{id}") attr:class="back-link">{move || i18n.t(CaseworkerMsg::BackToReferral)}</A>
            </section>
        }
        .into_any(),
        Edit::Ready(referral, draft) => view! {
            <ReferralForm mode=Mode::Revise(referral) draft=*draft />
        }
        .into_any(),
    }
    }
}

#[derive(Clone, PartialEq)]
enum Edit {
    Loading,
    Failed(AppError),
    Missing,
    /// The centre's key is not verified in this browser yet.
    Locked,
    Refused(crate::sealed::Refusal),
    /// Declined or withdrawn: no new version.
    Closed(ReferralId),
    Ready(Box<Referral>, Box<Draft>),
}

/// A first version, or the next version of a referral already sent.
#[derive(Clone)]
enum Mode {
    New,
    Revise(Box<Referral>),
}

/// One person of the household in the form; the key keeps a row's inputs (and focus) in place
/// while others are added or removed.
#[derive(Clone, Copy)]
struct PersonRow {
    key: u32,
    relation: RwSignal<String>,
    age: RwSignal<String>,
    school_year: RwSignal<String>,
    school: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct WishRow {
    key: u32,
    weekday: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

/// The form's inputs, one signal each.
#[derive(Clone, Copy)]
struct FormState {
    programme: RwSignal<String>,
    called: RwSignal<String>,
    area: RwSignal<String>,
    address: RwSignal<String>,
    access_notes: RwSignal<String>,
    household: RwSignal<Vec<PersonRow>>,
    allergies: RwSignal<String>,
    diet: RwSignal<String>,
    languages: RwSignal<String>,
    pets: RwSignal<String>,
    support: RwSignal<String>,
    goals: RwSignal<String>,
    wishes: RwSignal<Vec<WishRow>>,
    schedule_notes: RwSignal<String>,
    cautions: RwSignal<String>,
    do_not_mention: RwSignal<String>,
    case_reference: RwSignal<String>,
    consent_given: RwSignal<Option<bool>>,
    consent_date: RwSignal<String>,
    consent_method: RwSignal<ConsentMethod>,
    recorded_by: RwSignal<String>,
    override_reason: RwSignal<String>,
    next_key: StoredValue<u32>,
    /// Rows added later belong to the form (and go with it), not to the click that added them.
    owner: StoredValue<Option<WeakOwner>>,
}

impl FormState {
    fn new(d: Draft) -> FormState {
        let s = RwSignal::new;
        let form = FormState {
            programme: s(d.programme),
            called: s(d.called),
            area: s(d.area),
            address: s(d.address),
            access_notes: s(d.access_notes),
            household: RwSignal::new(Vec::new()),
            allergies: s(d.allergies),
            diet: s(d.diet),
            languages: s(d.languages),
            pets: s(d.pets),
            support: s(d.support),
            goals: s(d.goals),
            wishes: RwSignal::new(Vec::new()),
            schedule_notes: s(d.schedule_notes),
            cautions: s(d.cautions),
            do_not_mention: s(d.do_not_mention),
            case_reference: s(d.case_reference),
            consent_given: RwSignal::new(d.consent_given),
            consent_date: s(d.consent_date),
            consent_method: RwSignal::new(d.consent_method),
            recorded_by: s(d.recorded_by),
            override_reason: s(d.override_reason),
            next_key: StoredValue::new(0),
            owner: StoredValue::new(Owner::current().map(|o| o.downgrade())),
        };
        let people: Vec<PersonRow> = d.household.into_iter().map(|p| form.person(p)).collect();
        // A new form starts with one empty row of each list, to show what goes there.
        let people = if people.is_empty() {
            vec![form.person(PersonDraft::default())]
        } else {
            people
        };
        form.household.set(people);
        let wishes: Vec<WishRow> = d.wishes.into_iter().map(|w| form.wish(w)).collect();
        let wishes = if wishes.is_empty() {
            vec![form.wish(WishDraft::default())]
        } else {
            wishes
        };
        form.wishes.set(wishes);
        form
    }

    fn key(self) -> u32 {
        self.next_key.update_value(|k| *k += 1);
        self.next_key.get_value()
    }

    fn owned<T>(self, make: impl FnOnce() -> T) -> T {
        match self
            .owner
            .with_value(|o| o.as_ref().and_then(WeakOwner::upgrade))
        {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    fn person(self, p: PersonDraft) -> PersonRow {
        let key = self.key();
        self.owned(|| PersonRow {
            key,
            relation: RwSignal::new(p.relation),
            age: RwSignal::new(p.age),
            school_year: RwSignal::new(p.school_year),
            school: RwSignal::new(p.school),
        })
    }

    fn wish(self, w: WishDraft) -> WishRow {
        let key = self.key();
        self.owned(|| WishRow {
            key,
            weekday: RwSignal::new(w.weekday),
            start: RwSignal::new(w.start),
            end: RwSignal::new(w.end),
        })
    }

    /// What the form holds now (tracked: a memo of it follows every keystroke).
    fn draft(self) -> Draft {
        Draft {
            programme: self.programme.get(),
            called: self.called.get(),
            area: self.area.get(),
            address: self.address.get(),
            access_notes: self.access_notes.get(),
            household: self
                .household
                .get()
                .into_iter()
                .map(|p| PersonDraft {
                    relation: p.relation.get(),
                    age: p.age.get(),
                    school_year: p.school_year.get(),
                    school: p.school.get(),
                })
                .collect(),
            allergies: self.allergies.get(),
            diet: self.diet.get(),
            languages: self.languages.get(),
            pets: self.pets.get(),
            support: self.support.get(),
            goals: self.goals.get(),
            wishes: self
                .wishes
                .get()
                .into_iter()
                .map(|w| WishDraft {
                    weekday: w.weekday.get(),
                    start: w.start.get(),
                    end: w.end.get(),
                })
                .collect(),
            schedule_notes: self.schedule_notes.get(),
            cautions: self.cautions.get(),
            do_not_mention: self.do_not_mention.get(),
            case_reference: self.case_reference.get(),
            consent_given: self.consent_given.get(),
            consent_date: self.consent_date.get(),
            consent_method: self.consent_method.get(),
            recorded_by: self.recorded_by.get(),
            override_reason: self.override_reason.get(),
        }
    }

    /// The id of the input a problem is about, to move the focus there.
    fn element_id(self, slot: Slot) -> Option<String> {
        let plain = |name: &str| Some(format!("field-ref-{name}"));
        match slot {
            Slot::Programme => plain("programme"),
            Slot::Called => plain("called"),
            Slot::Area => plain("area"),
            Slot::Address => plain("address"),
            Slot::AccessNotes => plain("access-notes"),
            Slot::Household => plain("person-add"),
            Slot::Person(i, part) => {
                let key = self
                    .household
                    .with_untracked(|rows| rows.get(i).map(|r| r.key))?;
                Some(format!("field-{}-{key}", person_testid(part)))
            }
            Slot::Allergies => plain("allergies"),
            Slot::Diet => plain("diet"),
            Slot::Languages => plain("languages"),
            Slot::Pets => plain("pets"),
            Slot::Support => plain("support"),
            Slot::Goals => plain("goals"),
            Slot::Wishes => plain("wish-add"),
            Slot::Wish(i, part) => {
                let key = self
                    .wishes
                    .with_untracked(|rows| rows.get(i).map(|r| r.key))?;
                Some(format!("field-{}-{key}", wish_testid(part)))
            }
            Slot::ScheduleNotes => plain("schedule-notes"),
            Slot::Cautions => plain("cautions"),
            Slot::DoNotMention => plain("do-not-mention"),
            Slot::CaseReference => plain("case-reference"),
            Slot::ConsentGiven => plain("consent-given"),
            Slot::ConsentDate => plain("consent-date"),
            Slot::RecordedBy => plain("consent-recorded-by"),
            Slot::OverrideReason => plain("consent-override"),
            Slot::Whole => plain("send"),
        }
    }
}

fn person_testid(part: PersonPart) -> &'static str {
    match part {
        PersonPart::Relation => "ref-person-relation",
        PersonPart::Age => "ref-person-age",
        PersonPart::SchoolYear => "ref-person-school-year",
        PersonPart::School => "ref-person-school",
    }
}

fn wish_testid(part: WishPart) -> &'static str {
    match part {
        WishPart::Weekday => "ref-wish-weekday",
        WishPart::Start => "ref-wish-start",
        WishPart::End => "ref-wish-end",
    }
}

fn focus(id: &str) {
    let element = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        // Best effort: a field that cannot take the focus is still marked.
        let _ = element.focus();
    }
}

/// Whether the referral can be sealed to both organisations of its programme here.
#[derive(Debug, Clone, PartialEq)]
enum Sides {
    /// My centre's key is not verified in this browser.
    NoOrgKey,
    Loading,
    NoProgramme,
    /// The partner's key is not confirmed by my centre yet: its name.
    PartnerUnconfirmed(String),
    Ready,
}

/// What goes to the relay, sealed already.
enum Request {
    Create(NewReferral),
    Update(ReferralId, ReferralUpdate),
}

impl Request {
    async fn send(self) -> Result<(ReferralId, u32), AppError> {
        match self {
            Request::Create(body) => {
                api::centre::create_referral(&body).await?;
                Ok((body.id, 1))
            }
            Request::Update(id, body) => {
                api::centre::update_referral(&id, &body).await?;
                Ok((id, body.version))
            }
        }
    }
}

/// Seals the referral for its version; everything read here is read before any `.await`.
fn prepare(
    staff: StaffState,
    centre: Centre,
    mode: &Mode,
    draft: &Draft,
    content: &domain::content::referral::Referral,
    new_id: StoredValue<Option<ReferralId>>,
) -> Result<Request, AppError> {
    let signed_in = staff
        .signed_in
        .get_untracked()
        .ok_or(AppError::Unauthorized)?;
    let org = signed_in.org_key().cloned().ok_or(AppError::NotVerified)?;
    let peers = centre
        .peers
        .get_untracked()
        .and_then(Result::ok)
        .unwrap_or_default();
    match mode {
        Mode::New => {
            let programme = find_programme(centre, &draft.programme).ok_or(AppError::Unexpected)?;
            if programme.settings.centre_id != org.organisation_id {
                return Err(AppError::Unexpected);
            }
            let sides = BothSides::of(
                &org,
                &peers,
                &org.organisation_id,
                &programme.settings.partner_id,
            )
            .ok_or(AppError::NotVerified)?;
            // One id per form: sending again after a failure is the same referral.
            let id = match new_id.get_value() {
                Some(id) => id,
                None => {
                    let id = ReferralId::random()?;
                    new_id.set_value(Some(id.clone()));
                    id
                }
            };
            let sealed = casework::seal_referral(
                signed_in.user_id(),
                &signed_in.me,
                &sides,
                &id,
                1,
                content,
            )?;
            Ok(Request::Create(NewReferral {
                id,
                programme_id: programme.id,
                consent: draft.consent_state(),
                sealed,
            }))
        }
        Mode::Revise(referral) => {
            let sides = BothSides::of(&org, &peers, &referral.centre_id, &referral.partner_id)
                .ok_or(AppError::NotVerified)?;
            let version = referral.version + 1;
            let sealed = casework::seal_referral(
                signed_in.user_id(),
                &signed_in.me,
                &sides,
                &referral.id,
                version,
                content,
            )?;
            Ok(Request::Update(
                referral.id.clone(),
                ReferralUpdate {
                    version,
                    consent: draft.consent_state(),
                    sealed,
                },
            ))
        }
    }
}

fn find_programme(centre: Centre, id: &str) -> Option<Programme> {
    let id = ProgrammeId::parse(id).ok()?;
    centre
        .programmes
        .get_untracked()
        .and_then(Result::ok)?
        .into_iter()
        .find(|p| p.id == id)
}

#[component]
fn ReferralForm(mode: Mode, draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let ts = move |m: CaseworkerMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let centre = use_centre();
    let navigate = use_navigate();
    let form = FormState::new(draft);
    let attempted = RwSignal::new(false);
    // After the first attempt, problems follow the typing: each goes away once fixed.
    let problems: Memo<Problems> = Memo::new(move |_| {
        if attempted.get() {
            form.draft().referral().err().unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let wrong = move |slot: Slot| problem_at(problems, slot);
    let action = Action::new();
    let new_id = StoredValue::new(None::<ReferralId>);
    let revising = matches!(mode, Mode::Revise(_));
    let mode = StoredValue::new(mode);

    // A programme offered by a single partner is the only choice: chosen already.
    Effect::new(move |_| {
        let programmes = centre.programme_list();
        if programmes.len() == 1 && form.programme.with_untracked(String::is_empty) {
            form.programme.set(programmes[0].id.to_string());
        }
    });
    let partner_of = move || -> Option<OrgId> {
        mode.with_value(|m| match m {
            Mode::New => {
                let id = ProgrammeId::parse(&form.programme.get()).ok()?;
                centre.programme(&id).map(|p| p.settings.partner_id)
            }
            Mode::Revise(r) => Some(r.partner_id.clone()),
        })
    };
    let sides = Memo::new(move |_| {
        let Some(org) = centre_key() else {
            return Sides::NoOrgKey;
        };
        let Some(peers) = centre.peer_list() else {
            return Sides::Loading;
        };
        let Some(partner) = partner_of() else {
            return Sides::NoProgramme;
        };
        if BothSides::of(&org, &peers, &org.organisation_id, &partner).is_some() {
            Sides::Ready
        } else {
            Sides::PartnerUnconfirmed(centre.partner_name(&partner))
        }
    });

    let submit = {
        let navigate = navigate.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            attempted.set(true);
            let draft = untrack(|| form.draft());
            let content = match draft.referral() {
                Ok(content) => content,
                Err(problems) => {
                    if let Some(id) = problems.first().and_then(|(s, _)| form.element_id(*s)) {
                        focus(&id);
                    }
                    return;
                }
            };
            let request = mode.with_value(|m| prepare(staff, centre, m, &draft, &content, new_id));
            let request = match request {
                Ok(request) => request,
                Err(err) => {
                    action.error.set(Some(err));
                    return;
                }
            };
            let navigate = navigate.clone();
            action.run(request.send(), move |(id, version)| {
                casework::referral_stored(&id, version);
                centre.referrals.refetch();
                navigate(&format!("/w/referrals/{id}"), Default::default());
            });
        }
    };

    let programme_options = Signal::derive(move || {
        centre
            .programme_list()
            .into_iter()
            .map(|p| {
                let partner = centre.partner_name(&p.settings.partner_id);
                let label = i18n.say(&CaseworkerPhrase::ProgrammeOf {
                    programme: p.settings.name,
                    partner,
                });
                (p.id.to_string(), label)
            })
            .collect::<Vec<_>>()
    });
    let programmes_loaded = move || centre.programmes.get().is_some();
    let no_programmes = move || {
        centre
            .programmes
            .get()
            .is_some_and(|r| r.is_ok_and(|p| p.is_empty()))
    };
    let cancel_href = mode.with_value(|m| match m {
        Mode::New => "/w/referrals".to_owned(),
        Mode::Revise(r) => format!("/w/referrals/{}", r.id),
    });
    let heading = mode.with_value(|m| match m {
        Mode::New => None,
        Mode::Revise(r) => Some(CaseworkerPhrase::ReviseTitle(r.version + 1)),
    });
    let fixed_programme = mode.with_value(|m| match m {
        Mode::New => None,
        Mode::Revise(r) => Some((r.programme_id.clone(), r.partner_id.clone())),
    });

    view! {
        <section class="card cw-form-card" aria-labelledby="ref-form-title" data-testid="referral-form">
            <A href=cancel_href.clone() attr:class="back-link" attr:data-testid="ref-back">
                {move || i18n.t(if revising { CaseworkerMsg::BackToReferral } else { CaseworkerMsg::BackToReferrals })}
            </A>
            <h2 class="card-title" id="ref-form-title">
                {move || match &heading {
                    Some(phrase) => i18n.say(phrase),
                    None => i18n.t(CaseworkerMsg::NewReferralTitle).to_owned(),
                }}
            </h2>
            <p class="field-hint">{t(CaseworkerMsg::FormLead)}</p>
            {revising.then(|| view! { <p class="note note-info">{t(CaseworkerMsg::ReviseLead)}</p> })}
            <form class="form cw-form" on:submit=submit novalidate=true>
                <fieldset class="cw-fieldset">
                    <legend class="cw-legend">{t(CaseworkerMsg::GroupDestination)}</legend>
                    {match fixed_programme {
                        Some((programme, partner)) => view! {
                            <p data-testid="ref-programme-fixed">
                                {move || i18n.say(&CaseworkerPhrase::ProgrammeOf {
                                    programme: centre.programme_name(&programme),
                                    partner: centre.partner_name(&partner),
                                })}
                            </p>
                        }
                        .into_any(),
                        None => view! {
                            <Select
                                label=ts(CaseworkerMsg::FieldProgramme)
                                value=form.programme
                                options=programme_options
                                testid="ref-programme"
                                id="field-ref-programme"
                                wrong=wrong(Slot::Programme)
                                hint=ts(CaseworkerMsg::FieldProgrammeHint)
                            />
                            <Show when=move || programmes_loaded() && no_programmes()>
                                <p class="note note-warn" data-testid="ref-no-programme">{t(CaseworkerMsg::NoProgrammes)}</p>
                            </Show>
                        }
                        .into_any(),
                    }}
                    <SidesNote sides=sides />
                </fieldset>

                <fieldset class="cw-fieldset">
                    <legend class="cw-legend">{t(CaseworkerMsg::GroupFamily)}</legend>
                    <div class="cw-grid">
                        <Input label=ts(CaseworkerMsg::FieldCalled) value=form.called testid="ref-called"
                            id="field-ref-called" wrong=wrong(Slot::Called) required=true
                            hint=ts(CaseworkerMsg::FieldCalledHint) />
                        <Input label=ts(CaseworkerMsg::FieldArea) value=form.area testid="ref-area"
                            id="field-ref-area" wrong=wrong(Slot::Area)
                            hint=ts(CaseworkerMsg::FieldAreaHint) />
                    </div>
                    <Input label=ts(CaseworkerMsg::FieldAddress) value=form.address testid="ref-address"
                        id="field-ref-address" wrong=wrong(Slot::Address) multiline=true />
                    <Input label=ts(CaseworkerMsg::FieldAccessNotes) value=form.access_notes testid="ref-access-notes"
                        id="field-ref-access-notes" wrong=wrong(Slot::AccessNotes) multiline=true
                        hint=ts(CaseworkerMsg::FieldAccessNotesHint) />
                </fieldset>

                <Household form=form wrong=problems />

                <fieldset class="cw-fieldset">
                    <legend class="cw-legend">{t(CaseworkerMsg::GroupLiving)}</legend>
                    <div class="cw-grid">
                        <Input label=ts(CaseworkerMsg::FieldAllergies) value=form.allergies testid="ref-allergies"
                            id="field-ref-allergies" wrong=wrong(Slot::Allergies) multiline=true
                            hint=ts(CaseworkerMsg::FieldAllergiesHint) />
                        <Input label=ts(CaseworkerMsg::FieldDiet) value=form.diet testid="ref-diet"
                            id="field-ref-diet" wrong=wrong(Slot::Diet) multiline=true
                            hint=ts(CaseworkerMsg::FieldDietHint) />
                        <Input label=ts(CaseworkerMsg::FieldLanguages) value=form.languages testid="ref-languages"
                            id="field-ref-languages" wrong=wrong(Slot::Languages) multiline=true
                            hint=ts(CaseworkerMsg::FieldLanguagesHint) />
                        <Input label=ts(CaseworkerMsg::FieldPets) value=form.pets testid="ref-pets"
                            id="field-ref-pets" wrong=wrong(Slot::Pets) multiline=true
                            hint=ts(CaseworkerMsg::FieldPetsHint) />
                    </div>
                </fieldset>

                <fieldset class="cw-fieldset">
                    <legend class="cw-legend">{t(CaseworkerMsg::GroupSupport)}</legend>
                    <div class="cw-grid">
                        <Input label=ts(CaseworkerMsg::FieldSupport) value=form.support testid="ref-support"
                            id="field-ref-support" wrong=wrong(Slot::Support) multiline=true
                            hint=ts(CaseworkerMsg::FieldSupportHint) />
                        <Input label=ts(CaseworkerMsg::FieldGoals) value=form.goals testid="ref-goals"
                            id="field-ref-goals" wrong=wrong(Slot::Goals) multiline=true />
                    </div>
                </fieldset>

                <Wishes form=form wrong=problems />

                <fieldset class="cw-fieldset">
                    <legend class="cw-legend">{t(CaseworkerMsg::GroupCare)}</legend>
                    <div class="cw-grid">
                        <Input label=ts(CaseworkerMsg::FieldCautions) value=form.cautions testid="ref-cautions"
                            id="field-ref-cautions" wrong=wrong(Slot::Cautions) multiline=true
                            hint=ts(CaseworkerMsg::FieldCautionsHint) />
                        <Input label=ts(CaseworkerMsg::FieldDoNotMention) value=form.do_not_mention testid="ref-do-not-mention"
                            id="field-ref-do-not-mention" wrong=wrong(Slot::DoNotMention) multiline=true
                            hint=ts(CaseworkerMsg::FieldDoNotMentionHint) />
                    </div>
                </fieldset>

                <fieldset class="cw-fieldset cw-centre-only">
                    <legend class="cw-legend">{t(CaseworkerMsg::GroupCentre)}</legend>
                    <p class="field-hint">{t(CaseworkerMsg::CentreOnlyHint)}</p>
                    <Input label=ts(CaseworkerMsg::FieldCaseReference) value=form.case_reference testid="ref-case-reference"
                        id="field-ref-case-reference" wrong=wrong(Slot::CaseReference) />
                    <ConsentFields form=form wrong=problems />
                </fieldset>

                <ProblemSummary problems=problems form=form />
                <ErrorNote error=action.error />
                <div class="cw-send">
                    <PrimaryButton
                        label=Signal::derive(move || {
                            i18n.t(if revising { CaseworkerMsg::SendVersion } else { CaseworkerMsg::Send })
                        })
                        busy=action.busy
                        testid="ref-send"
                    />
                    <p class="field-hint">{t(CaseworkerMsg::SendHint)}</p>
                    <A href=cancel_href attr:class="button button-secondary" attr:data-testid="ref-cancel">
                        {t(CaseworkerMsg::Cancel)}
                    </A>
                </div>
            </form>
        </section>
    }
}

/// Why the referral cannot be sealed yet, and where that is fixed.
#[component]
fn SidesNote(sides: Memo<Sides>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match sides.get() {
        Sides::Ready | Sides::Loading | Sides::NoProgramme => ().into_any(),
        Sides::NoOrgKey => view! {
            <p class="note note-warn" role="status" data-testid="ref-needs-org-key">
                {move || i18n.t(CaseworkerMsg::NeedsOrgKeyToSend)} " "
                <A href="/w/team" attr:data-testid="ref-go-team">{move || i18n.t(CaseworkerMsg::GoToTeam)}</A>
            </p>
        }
        .into_any(),
        Sides::PartnerUnconfirmed(name) => view! {
            <p class="note note-warn" role="status" data-testid="ref-partner-unconfirmed">
                {move || i18n.say(&CaseworkerPhrase::PartnerUnconfirmed(name.clone()))} " "
                <A href="/w/team" attr:data-testid="ref-go-team">{move || i18n.t(CaseworkerMsg::GoToTeam)}</A>
            </p>
        }
        .into_any(),
    }
    }
}

fn problem_at(problems: Memo<Problems>, slot: Slot) -> Signal<Option<Wrong>> {
    Signal::derive(move || problems.with(|p| p.iter().find(|(s, _)| *s == slot).map(|(_, w)| *w)))
}

/// The household: one row per person, relation and age or school year (never a birthday).
#[component]
fn Household(form: FormState, wrong: Memo<Problems>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let ts = move |m: CaseworkerMsg| Signal::derive(move || i18n.t(m));
    let position = move |key: u32| {
        form.household
            .with(|rows| rows.iter().position(|r| r.key == key))
            .unwrap_or(0)
    };
    let list_wrong = problem_at(wrong, Slot::Household);
    view! {
        <fieldset class="cw-fieldset" aria-describedby="household-hint">
            <legend class="cw-legend">{t(CaseworkerMsg::FieldHousehold)}</legend>
            <p class="field-hint" id="household-hint">{t(CaseworkerMsg::FieldHouseholdHint)}</p>
            <ul class="cw-rows" data-testid="ref-household">
                <For
                    each=move || form.household.get()
                    key=|row| row.key
                    children=move |row: PersonRow| {
                        let key = row.key;
                        let at = move |part| {
                            Signal::derive(move || {
                                let i = position(key);
                                wrong.with(|p| {
                                    p.iter()
                                        .find(|(s, _)| *s == Slot::Person(i, part))
                                        .map(|(_, w)| *w)
                                })
                            })
                        };
                        let legend = move || i18n.say(&CaseworkerPhrase::PersonN(position(key) + 1));
                        view! {
                            <li class="cw-row" data-testid="ref-person">
                                <fieldset class="cw-row-fields">
                                    <legend class="cw-row-legend">{legend}</legend>
                                    <div class="cw-row-grid">
                                        <Input label=ts(CaseworkerMsg::PersonRelation) value=row.relation
                                            testid="ref-person-relation" id=format!("field-ref-person-relation-{key}")
                                            wrong=at(PersonPart::Relation) required=true
                                            hint=ts(CaseworkerMsg::PersonRelationHint) />
                                        <Input label=ts(CaseworkerMsg::PersonAge) value=row.age
                                            testid="ref-person-age" id=format!("field-ref-person-age-{key}")
                                            wrong=at(PersonPart::Age) inputmode="numeric"
                                            hint=ts(CaseworkerMsg::PersonAgeHint) />
                                        <Input label=ts(CaseworkerMsg::PersonSchoolYear) value=row.school_year
                                            testid="ref-person-school-year" id=format!("field-ref-person-school-year-{key}")
                                            wrong=at(PersonPart::SchoolYear)
                                            hint=ts(CaseworkerMsg::PersonSchoolYearHint) />
                                        <Input label=ts(CaseworkerMsg::PersonSchool) value=row.school
                                            testid="ref-person-school" id=format!("field-ref-person-school-{key}")
                                            wrong=at(PersonPart::School) />
                                    </div>
                                    <button
                                        type="button"
                                        class="button button-secondary button-small"
                                        data-testid="ref-person-remove"
                                        aria-label=move || i18n.say(&CaseworkerPhrase::RemovePerson(position(key) + 1))
                                        on:click=move |_| form.household.update(|rows| rows.retain(|r| r.key != key))
                                    >
                                        {t(CaseworkerMsg::Remove)}
                                    </button>
                                </fieldset>
                            </li>
                        }
                    }
                />
            </ul>
            <button
                type="button"
                class="button button-secondary"
                id="field-ref-person-add"
                data-testid="ref-person-add"
                aria-describedby=move || list_wrong.get().map(|_| "household-error")
                on:click=move |_| {
                    let row = form.person(PersonDraft::default());
                    form.household.update(|rows| rows.push(row));
                }
            >
                {t(CaseworkerMsg::AddPerson)}
            </button>
            {move || list_wrong.get().map(|w| view! {
                <p class="cw-field-error" id="household-error"><WarnIcon />{i18n.say(&w)}</p>
            })}
        </fieldset>
    }
}

/// The family's wished visit times: weekday, from, until; and notes.
#[component]
fn Wishes(form: FormState, wrong: Memo<Problems>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let ts = move |m: CaseworkerMsg| Signal::derive(move || i18n.t(m));
    let position = move |key: u32| {
        form.wishes
            .with(|rows| rows.iter().position(|r| r.key == key))
            .unwrap_or(0)
    };
    let weekdays = Signal::derive(move || {
        let lang = i18n.lang.get();
        Weekday::ALL
            .into_iter()
            .map(|d| (weekday_code(d).to_owned(), weekday_name(d, lang).to_owned()))
            .collect::<Vec<_>>()
    });
    let list_wrong = problem_at(wrong, Slot::Wishes);
    view! {
        <fieldset class="cw-fieldset">
            <legend class="cw-legend">{t(CaseworkerMsg::FieldScheduleWishes)}</legend>
            <p class="field-hint">{t(CaseworkerMsg::FieldScheduleWishesHint)}</p>
            <ul class="cw-rows" data-testid="ref-wishes">
                <For
                    each=move || form.wishes.get()
                    key=|row| row.key
                    children=move |row: WishRow| {
                        let key = row.key;
                        let at = move |part| {
                            Signal::derive(move || {
                                let i = position(key);
                                wrong.with(|p| {
                                    p.iter()
                                        .find(|(s, _)| *s == Slot::Wish(i, part))
                                        .map(|(_, w)| *w)
                                })
                            })
                        };
                        let legend = move || i18n.say(&CaseworkerPhrase::WishN(position(key) + 1));
                        view! {
                            <li class="cw-row" data-testid="ref-wish">
                                <fieldset class="cw-row-fields">
                                    <legend class="cw-row-legend">{legend}</legend>
                                    <div class="cw-row-grid cw-row-grid-3">
                                        <Select label=ts(CaseworkerMsg::WishWeekday) value=row.weekday options=weekdays
                                            testid="ref-wish-weekday" id=format!("field-ref-wish-weekday-{key}")
                                            wrong=at(WishPart::Weekday) required=false />
                                        <Input label=ts(CaseworkerMsg::WishStart) value=row.start kind="time"
                                            testid="ref-wish-start" id=format!("field-ref-wish-start-{key}")
                                            wrong=at(WishPart::Start) />
                                        <Input label=ts(CaseworkerMsg::WishEnd) value=row.end kind="time"
                                            testid="ref-wish-end" id=format!("field-ref-wish-end-{key}")
                                            wrong=at(WishPart::End) />
                                    </div>
                                    <button
                                        type="button"
                                        class="button button-secondary button-small"
                                        data-testid="ref-wish-remove"
                                        aria-label=move || i18n.say(&CaseworkerPhrase::RemoveWish(position(key) + 1))
                                        on:click=move |_| form.wishes.update(|rows| rows.retain(|r| r.key != key))
                                    >
                                        {t(CaseworkerMsg::Remove)}
                                    </button>
                                </fieldset>
                            </li>
                        }
                    }
                />
            </ul>
            <button
                type="button"
                class="button button-secondary"
                id="field-ref-wish-add"
                data-testid="ref-wish-add"
                aria-describedby=move || list_wrong.get().map(|_| "wishes-error")
                on:click=move |_| {
                    let row = form.wish(WishDraft::default());
                    form.wishes.update(|rows| rows.push(row));
                }
            >
                {t(CaseworkerMsg::AddWish)}
            </button>
            {move || list_wrong.get().map(|w| view! {
                <p class="cw-field-error" id="wishes-error"><WarnIcon />{i18n.say(&w)}</p>
            })}
            <Input label=ts(CaseworkerMsg::FieldScheduleNotes) value=form.schedule_notes testid="ref-schedule-notes"
                id="field-ref-schedule-notes" wrong=problem_at(wrong, Slot::ScheduleNotes) multiline=true
                hint=ts(CaseworkerMsg::FieldScheduleNotesHint) />
        </fieldset>
    }
}

/// The family's consent to the sharing, or the recorded reason to send without it.
#[component]
fn ConsentFields(form: FormState, wrong: Memo<Problems>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let ts = move |m: CaseworkerMsg| Signal::derive(move || i18n.t(m));
    let given_wrong = problem_at(wrong, Slot::ConsentGiven);
    let choose = move |given: bool| move |_| form.consent_given.set(Some(given));
    let method = move |m: ConsentMethod, msg: CaseworkerMsg| {
        let testid = match m {
            ConsentMethod::InPerson => "ref-consent-method-in-person",
            ConsentMethod::Written => "ref-consent-method-written",
            ConsentMethod::Phone => "ref-consent-method-phone",
        };
        view! {
            <label class="check cw-radio">
                <input
                    type="radio"
                    name="ref-consent-method"
                    value=method_code(m)
                    data-testid=testid
                    prop:checked=move || form.consent_method.get() == m
                    on:change=move |_| form.consent_method.set(m)
                />
                <span>{move || i18n.t(msg)}</span>
            </label>
        }
    };
    view! {
        <fieldset
            class="cw-fieldset-inner"
            class:cw-invalid=move || given_wrong.get().is_some()
            aria-describedby=move || given_wrong.get().map(|_| "consent-given-error")
        >
            <legend class="field-label">
                {t(CaseworkerMsg::ConsentLegend)} " "
                <span class="cw-required">{t(CaseworkerMsg::Required)}</span>
            </legend>
            <label class="check cw-radio">
                <input
                    type="radio"
                    name="ref-consent-given"
                    value="yes"
                    id="field-ref-consent-given"
                    data-testid="ref-consent-given"
                    prop:checked=move || form.consent_given.get() == Some(true)
                    on:change=choose(true)
                />
                <span>{t(CaseworkerMsg::ConsentYes)}</span>
            </label>
            <label class="check cw-radio">
                <input
                    type="radio"
                    name="ref-consent-given"
                    value="no"
                    data-testid="ref-consent-not-given"
                    prop:checked=move || form.consent_given.get() == Some(false)
                    on:change=choose(false)
                />
                <span>{t(CaseworkerMsg::ConsentNo)}</span>
            </label>
            {move || given_wrong.get().map(|w| view! {
                <p class="cw-field-error" id="consent-given-error"><WarnIcon />{i18n.say(&w)}</p>
            })}
        </fieldset>
        <Show when=move || form.consent_given.get() == Some(true)>
            <div class="cw-grid">
                <Input label=ts(CaseworkerMsg::ConsentDate) value=form.consent_date kind="date"
                    testid="ref-consent-date" id="field-ref-consent-date"
                    wrong=problem_at(wrong, Slot::ConsentDate) required=true />
                <fieldset class="cw-fieldset-inner">
                    <legend class="field-label">{t(CaseworkerMsg::ConsentMethod)}</legend>
                    <div class="cw-radio-row">
                        {method(ConsentMethod::InPerson, CaseworkerMsg::MethodInPerson)}
                        {method(ConsentMethod::Written, CaseworkerMsg::MethodWritten)}
                        {method(ConsentMethod::Phone, CaseworkerMsg::MethodPhone)}
                    </div>
                </fieldset>
            </div>
        </Show>
        <Show when=move || form.consent_given.get() == Some(false)>
            <div class="cw-override" role="group" aria-labelledby="consent-override-warning">
                <p class="note note-warn cw-attention-note" id="consent-override-warning" data-testid="ref-consent-warning">
                    <WarnIcon />
                    {t(CaseworkerMsg::OverrideWarning)}
                </p>
                <Input label=ts(CaseworkerMsg::ConsentOverrideReason) value=form.override_reason
                    testid="ref-consent-override" id="field-ref-consent-override"
                    wrong=problem_at(wrong, Slot::OverrideReason) multiline=true required=true
                    hint=ts(CaseworkerMsg::ConsentOverrideHint) />
            </div>
        </Show>
        <Show when=move || form.consent_given.get().is_some()>
            <Input label=ts(CaseworkerMsg::ConsentRecordedBy) value=form.recorded_by
                testid="ref-consent-recorded-by" id="field-ref-consent-recorded-by"
                wrong=problem_at(wrong, Slot::RecordedBy) required=true
                hint=ts(CaseworkerMsg::ConsentRecordedByHint) />
        </Show>
    }
}

/// Every problem in one place, above the send button; each moves the focus to its field.
#[component]
fn ProblemSummary(problems: Memo<Problems>, form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="note note-error cw-problems" role="alert" data-testid="ref-problems">
                <p class="cw-problems-title">
                    <WarnIcon />
                    {move || i18n.say(&CaseworkerPhrase::ProblemCount(problems.with(Vec::len)))}
                </p>
                <ul>
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|(slot, wrong)| {
                                let id = form.element_id(slot);
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="button-link cw-problem-link"
                                            on:click=move |_| {
                                                if let Some(id) = &id {
                                                    focus(id);
                                                }
                                            }
                                        >
                                            {move || i18n.say(&SlotProblem(slot, wrong))}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// A labelled input or text area with its hint and its problem, both tied to it for screen
/// readers; a problem is marked with an icon and words, never a colour alone.
#[component]
fn Input(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    testid: &'static str,
    #[prop(into)] id: String,
    wrong: Signal<Option<Wrong>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = false)] multiline: bool,
    #[prop(default = false)] required: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if wrong.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || wrong.get().is_some().then_some("true");
    let control = if multiline {
        view! {
            <textarea
                class="field-textarea staff-short-textarea"
                id=id.clone()
                data-testid=testid
                aria-describedby=described
                aria-invalid=invalid
                aria-required=required.then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                class="field-input"
                type=kind
                id=id.clone()
                autocomplete="off"
                inputmode=inputmode
                data-testid=testid
                aria-describedby=described
                aria-invalid=invalid
                aria-required=required.then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:change=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:cw-invalid=move || wrong.get().is_some()>
            <label class="field-label" for=id>
                {label}
                {required.then(|| view! { " " <span class="cw-required">{move || i18n.t(CaseworkerMsg::Required)}</span> })}
            </label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            {control}
            {move || wrong.get().map(|w| view! {
                <p class="cw-field-error" id=error_id.clone()><WarnIcon />{i18n.say(&w)}</p>
            })}
        </div>
    }
}

/// A labelled `<select>` whose first entry asks to choose.
#[component]
fn Select(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    testid: &'static str,
    #[prop(into)] id: String,
    wrong: Signal<Option<Wrong>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if wrong.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:cw-invalid=move || wrong.get().is_some()>
            <label class="field-label" for=id.clone()>
                {label}
                {required.then(|| view! { " " <span class="cw-required">{move || i18n.t(CaseworkerMsg::Required)}</span> })}
            </label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <select
                class="field-select"
                id=id
                data-testid=testid
                aria-describedby=described
                aria-invalid=move || wrong.get().is_some().then_some("true")
                aria-required=required.then_some("true")
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" selected=move || value.with(String::is_empty)>
                    {move || i18n.t(UiMsg::Choose)}
                </option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected_v = v.clone();
                            view! {
                                <option value=v selected=move || value.with(|x| *x == selected_v)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {move || wrong.get().map(|w| view! {
                <p class="cw-field-error" id=error_id.clone()><WarnIcon />{i18n.say(&w)}</p>
            })}
        </div>
    }
}
