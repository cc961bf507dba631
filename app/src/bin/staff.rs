//! The staff bundle (`/invite`, `/login`, `/admin`, `/c`, `/w`).

fn main() {
    app::start(app::StaffApp);
}
