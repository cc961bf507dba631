//! Canonical byte encodings: big-endian integers and length-prefixed strings.
//!
//! Everything that is hashed or used as associated data goes through [`Writer`], so that two
//! different inputs can never produce the same bytes ("ab" + "c" versus "a" + "bc"). Everything
//! parsed from untrusted bytes goes through [`Reader`], which checks every length before slicing.

use crate::error::{Error, Result};

#[derive(Default)]
pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
        }
    }

    pub(crate) fn u8(&mut self, v: u8) -> &mut Self {
        self.buf.push(v);
        self
    }

    pub(crate) fn u16(&mut self, v: u16) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    pub(crate) fn u32(&mut self, v: u32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    pub(crate) fn u64(&mut self, v: u64) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    pub(crate) fn i64(&mut self, v: i64) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// Raw bytes whose length is fixed by the format (keys, nonces, hashes).
    pub(crate) fn fixed(&mut self, v: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(v);
        self
    }

    /// A u32 big-endian length, then the bytes. Callers bound lengths well below 4 GiB; the
    /// saturation only keeps this total, it never happens for accepted inputs.
    pub(crate) fn lp32(&mut self, v: &[u8]) -> &mut Self {
        let len = u32::try_from(v.len()).unwrap_or(u32::MAX);
        self.u32(len).fixed(v)
    }

    /// A u16 big-endian length, then the bytes; for the short ids inside envelopes.
    pub(crate) fn lp16(&mut self, v: &[u8]) -> Result<&mut Self> {
        let len = u16::try_from(v.len()).map_err(|_| Error::InvalidInput)?;
        Ok(self.u16(len).fixed(v))
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.buf
    }

    pub(crate) fn into_vec(self) -> Vec<u8> {
        self.buf
    }
}

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Error::Malformed)?;
        let out = self.buf.get(self.pos..end).ok_or(Error::Malformed)?;
        self.pos = end;
        Ok(out)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// A u16-length-prefixed UTF-8 string of `1..=max` bytes.
    pub(crate) fn str16(&mut self, max: usize) -> Result<&'a str> {
        let len = usize::from(self.u16()?);
        if len == 0 || len > max {
            return Err(Error::Malformed);
        }
        core::str::from_utf8(self.take(len)?).map_err(|_| Error::Malformed)
    }

    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let out = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        out
    }

    /// Fixed-size formats must end exactly where the layout says.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(Error::Malformed)
        }
    }
}

/// Lower-case hex, for hashes and key ids in JSON and logs.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Parses exactly `N` bytes of hex (either case).
pub fn from_hex<const N: usize>(s: &str) -> Result<[u8; N]> {
    fn nibble(c: u8) -> Result<u8> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(Error::Malformed),
        }
    }
    let s = s.as_bytes();
    if s.len() != N * 2 {
        return Err(Error::Malformed);
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(s.chunks_exact(2)) {
        *o = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Ok(out)
}

/// Unpadded base64url (RFC 4648 §5), the form keys and secrets take in JSON and URLs.
pub fn to_base64url(bytes: &[u8]) -> String {
    use base64ct::Encoding;
    base64ct::Base64UrlUnpadded::encode_string(bytes)
}

/// Parses unpadded base64url that decodes to exactly `N` bytes. base64ct decodes in constant
/// time, which matters because secrets (the server share, proofs) travel in this form.
pub fn from_base64url<const N: usize>(s: &str) -> Result<[u8; N]> {
    use base64ct::Encoding;
    let mut out = [0u8; N];
    let decoded = base64ct::Base64UrlUnpadded::decode(s, &mut out).map_err(|_| Error::Malformed)?;
    if decoded.len() != N {
        return Err(Error::Malformed);
    }
    Ok(out)
}

/// Fills `buf` from the platform CSPRNG (getrandom; `crypto.getRandomValues` in the browser).
pub(crate) fn random_bytes<const N: usize>() -> Result<zeroize::Zeroizing<[u8; N]>> {
    let mut out = zeroize::Zeroizing::new([0u8; N]);
    getrandom::fill(out.as_mut_slice()).map_err(|_| Error::Randomness)?;
    Ok(out)
}

/// serde helpers for fixed-size byte arrays as unpadded base64url strings.
pub(crate) mod serde_b64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer, const N: usize>(
        v: &[u8; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_base64url(v))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::from_base64url(&s).map_err(serde::de::Error::custom)
    }
}

/// serde helpers for fixed-size byte arrays as lower-case hex strings.
pub(crate) mod serde_hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer, const N: usize>(
        v: &[u8; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_hex(v))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::from_hex(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn length_prefix_separates_concatenations() {
        let mut a = Writer::default();
        a.lp32(b"ab").lp32(b"c");
        let mut b = Writer::default();
        b.lp32(b"a").lp32(b"bc");
        assert_ne!(a.as_slice(), b.as_slice());
    }

    #[test]
    fn hex_and_base64url_round_trip() {
        let bytes = [0u8, 1, 0xab, 0xff];
        assert_eq!(to_hex(&bytes), "0001abff");
        assert_eq!(from_hex::<4>("0001ABff").unwrap(), bytes);
        assert_eq!(from_hex::<4>("0001abf"), Err(Error::Malformed));
        assert_eq!(from_hex::<4>("0001abfg"), Err(Error::Malformed));
        assert_eq!(from_base64url::<4>(&to_base64url(&bytes)).unwrap(), bytes);
        assert_eq!(
            from_base64url::<5>(&to_base64url(&bytes)),
            Err(Error::Malformed)
        );
        assert_eq!(
            from_base64url::<3>(&to_base64url(&bytes)),
            Err(Error::Malformed)
        );
    }

    #[test]
    fn reader_never_reads_past_the_end() {
        let mut r = Reader::new(&[0, 5, b'a']);
        assert_eq!(r.str16(10), Err(Error::Malformed));
        let mut r = Reader::new(&[]);
        assert_eq!(r.u8(), Err(Error::Malformed));
        assert_eq!(r.take(usize::MAX), Err(Error::Malformed));
    }
}
