//! Texts of the shared widgets.

use crate::i18n::{Phrase, Texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiMsg {
    Loading,
    /// The empty first entry of a `<select>`.
    Choose,
    PledgeTitle,
    PledgeScrollHint,
    PledgeTypeName,
    PledgeTypeNameHint,
    PledgeAccept,
}

impl Texts for UiMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use UiMsg::*;
        match self {
            Loading => ("読み込み中…", "Loading…"),
            Choose => ("選んでください", "Please choose"),
            PledgeTitle => ("誓約書", "Confidentiality pledge"),
            PledgeScrollHint => (
                "最後まで読むと、署名できるようになります。",
                "Read to the end to be able to sign.",
            ),
            PledgeTypeName => ("お名前（署名）", "Your name (signature)"),
            PledgeTypeNameHint => (
                "内容に同意する場合は、お名前を入力してください。",
                "If you agree, type your name.",
            ),
            PledgeAccept => ("同意して署名する", "Agree and sign"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiPhrase {
    /// A pledge version: 第3版 / version 3.
    Version(i64),
    /// Above the pledge text: whose pledge, which version.
    PledgeOf { organisation: String, version: i64 },
}

impl Phrase for UiPhrase {
    fn phrase(&self) -> (String, String) {
        match self {
            UiPhrase::Version(v) => (format!("第{v}版"), format!("version {v}")),
            UiPhrase::PledgeOf {
                organisation,
                version,
            } => (
                format!("{organisation} · 第{version}版"),
                format!("{organisation} · version {version}"),
            ),
        }
    }
}
