//! The caseworker's texts.

use crate::i18n::Texts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseworkerMsg {
    Does,
    Later,
    Title,
}

impl Texts for CaseworkerMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use CaseworkerMsg::*;
        match self {
            Does => (
                "支援の依頼（共有してよい情報と同意）を作成し、届いた訪問報告を緊急度順に確認します。",
                "Write referrals (the shareable facts and consent) and review incoming visit reports by urgency.",
            ),
            Later => (
                "支援の依頼の作成と訪問報告の確認は、今後の更新でこの画面に加わります。",
                "Writing referrals and reviewing visit reports will be added to this screen in a coming update.",
            ),
            Title => ("ケースワーカー", "Caseworker"),
        }
    }
}
