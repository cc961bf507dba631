//! Japanese first, English available. Every message is one enum variant whose text is given in
//! both languages in one match arm, so a missing translation is a compile error, not a blank.
//!
//! Two kinds of message, each area of the app (`pages`, `ui`, `volunteer`, `staff`, each role)
//! keeping its own enums in its own `msg.rs`:
//! - [`Texts`]: fixed texts (`&'static str`), the vast majority; free to show.
//! - [`Phrase`]: texts that carry values (a count, a name, a date). The arm formats the whole
//!   sentence in each language, so word order stays natural ("あと3回" / "3 more tries") and no
//!   sentence is ever glued together from a prefix and a suffix.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks this language's half of a (日本語, English) pair.
    pub fn pick<T>(self, (ja, en): (T, T)) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// A set of fixed messages with their texts in both languages.
pub trait Texts: Copy + 'static {
    /// (日本語, English)
    fn texts(self) -> (&'static str, &'static str);

    fn text(self, lang: Lang) -> &'static str {
        lang.pick(self.texts())
    }
}

/// A set of messages that carry values; each arm formats both languages.
pub trait Phrase {
    /// (日本語, English)
    fn phrase(&self) -> (String, String);

    fn text(&self, lang: Lang) -> String {
        lang.pick(self.phrase())
    }
}

const LANG_KEY: &str = "yorisoi.lang";

/// The language choice, shared through context. The preference (not personal data) is kept in
/// localStorage so a reload keeps it.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn provide() -> I18n {
        let stored = local_storage()
            .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
            .and_then(|code| Lang::from_code(&code));
        let i18n = I18n {
            lang: RwSignal::new(stored.unwrap_or(Lang::Ja)),
        };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(LANG_KEY, lang.code());
            }
        });
        provide_context(i18n);
        i18n
    }

    /// A fixed text in the current language; reactive when called inside a closure.
    pub fn t(self, msg: impl Texts) -> &'static str {
        msg.text(self.lang.get())
    }

    /// A message with values in the current language; reactive when called inside a closure.
    pub fn say(self, msg: &impl Phrase) -> String {
        msg.text(self.lang.get())
    }

    /// A (日本語, English) pair handed over as data (a role's title, say).
    pub fn pick(self, pair: (&'static str, &'static str)) -> &'static str {
        self.lang.get().pick(pair)
    }

    pub fn toggle(self) {
        self.lang.update(|lang| {
            *lang = match lang {
                Lang::Ja => Lang::En,
                Lang::En => Lang::Ja,
            }
        });
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::Msg;

    #[test]
    fn every_language_code_round_trips() {
        for lang in [Lang::Ja, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn japanese_is_japanese_and_english_is_not() {
        assert_eq!(Msg::AppName.text(Lang::Ja), "寄り添い");
        assert!(Msg::Tagline.text(Lang::En).is_ascii());
    }

    struct Tries(u32);

    impl Phrase for Tries {
        fn phrase(&self) -> (String, String) {
            let n = self.0;
            (format!("あと{n}回"), format!("{n} more"))
        }
    }

    #[test]
    fn phrases_format_each_language_whole() {
        assert_eq!(Tries(3).text(Lang::Ja), "あと3回");
        assert_eq!(Tries(3).text(Lang::En), "3 more");
    }
}
