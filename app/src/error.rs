//! The app's one error type. Every variant has a calm Japanese (and English) message that tells
//! the user what happened and what to do; none carries personal data.

use domain::api::ErrorCode;

use crate::i18n::Texts;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The request never reached the relay (no signal, relay down).
    #[error("offline")]
    Offline,
    /// The relay refused, with its code (`api` turns the codes below into their own variants).
    #[error("refused: {}", .0.as_str())]
    Api(ErrorCode),
    #[error("wrong pin")]
    WrongPin { remaining: u32 },
    /// This phone was revoked, reported lost, or locked after too many wrong PINs.
    #[error("device gone")]
    DeviceGone,
    #[error("not signed in")]
    Unauthorized,
    /// The password did not open this person's wrapped key (checked in the browser, when a live
    /// session is resumed after a reload).
    #[error("wrong password")]
    WrongPassword,
    #[error("crypto")]
    Crypto,
    /// Something sealed by someone else did not pass the checks: not shown (`crate::sealed`).
    #[error("sealed object refused: {0:?}")]
    Sealed(crate::sealed::Refusal),
    /// A key nobody has verified yet: this needs a person to compare a code first.
    #[error("key not verified")]
    NotVerified,
    #[error("local storage: {0}")]
    Storage(String),
    #[error("unexpected answer")]
    Unexpected,
}

impl From<domain::Error> for AppError {
    fn from(_: domain::Error) -> Self {
        // Crypto failures are deliberately detail-free.
        AppError::Crypto
    }
}

impl From<rexie::Error> for AppError {
    fn from(err: rexie::Error) -> Self {
        AppError::Storage(err.to_string())
    }
}

/// What the user reads for an error. Specific screens may say more (e.g. remaining PIN tries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorText {
    Offline,
    RateLimited,
    NotFound,
    InvalidInput,
    Unauthorized,
    InvalidCredentials,
    DeviceGone,
    Crypto,
    Storage,
    Sealed(crate::sealed::Refusal),
    NotVerified,
    Other,
}

impl ErrorText {
    pub fn of(err: &AppError) -> ErrorText {
        match err {
            AppError::Offline => ErrorText::Offline,
            AppError::DeviceGone => ErrorText::DeviceGone,
            AppError::Unauthorized => ErrorText::Unauthorized,
            AppError::Crypto => ErrorText::Crypto,
            AppError::Sealed(refusal) => ErrorText::Sealed(*refusal),
            AppError::NotVerified => ErrorText::NotVerified,
            AppError::Storage(_) => ErrorText::Storage,
            AppError::WrongPin { .. } | AppError::WrongPassword => ErrorText::InvalidCredentials,
            AppError::Api(code) => match code {
                ErrorCode::RateLimited => ErrorText::RateLimited,
                ErrorCode::NotFound => ErrorText::NotFound,
                ErrorCode::InvalidCredentials => ErrorText::InvalidCredentials,
                ErrorCode::Unauthorized => ErrorText::Unauthorized,
                ErrorCode::DeviceGone => ErrorText::DeviceGone,
                ErrorCode::InvalidBody
                | ErrorCode::BadRequest
                | ErrorCode::PayloadTooLarge
                | ErrorCode::UnsupportedMediaType => ErrorText::InvalidInput,
                ErrorCode::WrongPin
                | ErrorCode::Csrf
                | ErrorCode::MethodNotAllowed
                | ErrorCode::Forbidden
                | ErrorCode::PledgeRequired
                | ErrorCode::Conflict
                | ErrorCode::Internal
                | ErrorCode::Unknown => ErrorText::Other,
            },
            AppError::Unexpected => ErrorText::Other,
        }
    }
}

impl Texts for ErrorText {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            ErrorText::Offline => (
                "サーバーにつながりません。電波の良い場所で、もう一度お試しください。",
                "Cannot reach the server. Please try again where the signal is better.",
            ),
            ErrorText::RateLimited => (
                "試行回数が多すぎます。少し時間をおいてから、もう一度お試しください。",
                "Too many attempts. Please wait a little and try again.",
            ),
            ErrorText::NotFound => (
                "見つかりません。期限切れか、すでに使われた可能性があります。",
                "Not found. It may have expired or already been used.",
            ),
            ErrorText::InvalidInput => (
                "入力内容を確認してください。",
                "Please check what you entered.",
            ),
            ErrorText::Unauthorized => (
                "ログインの有効期限が切れました。もう一度ログインしてください。",
                "Your session has ended. Please sign in again.",
            ),
            ErrorText::InvalidCredentials => (
                "ログイン名、パスワード、または確認コードが正しくありません。",
                "The login name, password or code is not correct.",
            ),
            ErrorText::DeviceGone => (
                "この端末は使えなくなりました。コーディネーターに連絡してください。",
                "This phone can no longer be used. Please contact your coordinator.",
            ),
            ErrorText::Crypto => (
                "暗号の処理に失敗しました。もう一度お試しください。",
                "Encryption failed. Please try again.",
            ),
            ErrorText::Sealed(refusal) => refusal.texts(),
            ErrorText::NotVerified => (
                "まだ確認コードの読み合わせが済んでいない鍵です。「チームと鍵」の画面で確認してから、もう一度お試しください。",
                "This key has not been verified by comparing codes yet. Please verify it on the \"Team and keys\" screen, then try again.",
            ),
            ErrorText::Storage => (
                "端末への保存に失敗しました。空き容量を確認してください。",
                "Could not save on this device. Please check free storage.",
            ),
            ErrorText::Other => (
                "うまくいきませんでした。もう一度お試しください。",
                "Something went wrong. Please try again.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_by_their_code() {
        assert_eq!(
            ErrorText::of(&AppError::Api(ErrorCode::RateLimited)),
            ErrorText::RateLimited
        );
        assert_eq!(
            ErrorText::of(&AppError::Api(ErrorCode::InvalidCredentials)),
            ErrorText::InvalidCredentials
        );
        assert_eq!(
            ErrorText::of(&AppError::Api(ErrorCode::PayloadTooLarge)),
            ErrorText::InvalidInput
        );
        assert_eq!(
            ErrorText::of(&AppError::Api(ErrorCode::Unknown)),
            ErrorText::Other
        );
        // A wrong password when resuming reads like a wrong password at sign-in.
        assert_eq!(
            ErrorText::of(&AppError::WrongPassword),
            ErrorText::InvalidCredentials
        );
    }
}
