//! The volunteer bundle (landing page and `/v`): what a phone downloads.

fn main() {
    app::start(app::VolunteerApp);
}
