#!/usr/bin/env python3
"""Recomputes every committed vector in this directory with Python's `cryptography` package
(Debian: python3-cryptography, >= 44 for Argon2id) and a from-scratch RFC 9180 base-mode key
schedule, sharing no code with the Rust implementation (Ed25519 included), so the published formats are checked
against a second implementation of the spec, not only against themselves.

Usage: python3 domain/tests/vectors/independent_check.py domain/tests/vectors"""
import hashlib, hmac, json, struct, sys
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives import serialization

RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
def extract(salt, ikm): return hmac.new(salt, ikm, hashlib.sha256).digest()
def expand(prk, info, n):
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest(); out += t; i += 1
    return out[:n]
def lext(suite, salt, label, ikm): return extract(salt, b"HPKE-v1" + suite + label + ikm)
def lexp(suite, prk, label, info, n): return expand(prk, struct.pack(">H", n) + b"HPKE-v1" + suite + label + info, n)
KEM = b"KEM" + struct.pack(">H", 0x20)
HPKE = b"HPKE" + struct.pack(">HHH", 0x20, 1, 2)

def derive_sk(ikm):
    return lexp(KEM, lext(KEM, b"", b"dkp_prk", ikm), b"sk", b"", 32)
def pub(sk): return X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes(*RAW)
def shared(sk, pk, enc, pkr):
    dh = X25519PrivateKey.from_private_bytes(sk).exchange(X25519PublicKey.from_public_bytes(pk))
    return lexp(KEM, lext(KEM, b"", b"eae_prk", dh), b"shared_secret", enc + pkr, 32)
def schedule(ss, info):
    ctx = b"\x00" + lext(HPKE, b"", b"psk_id_hash", b"") + lext(HPKE, b"", b"info_hash", info)
    secret = lext(HPKE, ss, b"secret", b"")
    return lexp(HPKE, secret, b"key", ctx, 32), lexp(HPKE, secret, b"base_nonce", ctx, 12)
def lp32(b): return struct.pack(">I", len(b)) + b
def lp16(b): return struct.pack(">H", len(b)) + b

def hkdf(ikm, info): return expand(extract(b"\x00" * 32, ikm), info, 32)

def check_envelope(v):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    for c in v["cases"]:
        env = bytes.fromhex(c["envelope"]); oid = c["object_id"].encode(); snd = c["sender"].encode()
        rs = c["recipients"]
        signer = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(c["sender_signing_seed"]))
        svk = signer.public_key().public_bytes(*RAW)
        assert svk.hex() == c["sender_verifying_key"]
        head = struct.pack(">BBHI", 2, 1, c["kind_code"], c["version"]) + lp16(oid) + lp16(snd) + svk + struct.pack(">H", len(rs))
        ids = b""
        for r in rs:
            pk = bytes.fromhex(r["public_key"])
            assert pub(bytes.fromhex(r["secret_key"])) == pk
            d = hashlib.sha256(lp32(b"yorisoi/v1/x25519-public-key") + pk).digest()
            assert d[:16].hex() == r["key_id"]
            ids += d[:16]
        binding_ad = lp32(b"yorisoi/v2/envelope/binding") + struct.pack(">BBHI", 2, 1, c["kind_code"], c["version"]) \
            + lp32(oid) + lp32(snd) + svk + struct.pack(">I", len(rs)) + ids
        ck = bytes.fromhex(c["content_key"])
        for i, r in enumerate(rs):
            pk = bytes.fromhex(r["public_key"]); ske = derive_sk(bytes.fromhex(r["ephemeral_ikm"])); enc = pub(ske)
            key, nonce = schedule(shared(ske, pk, enc, pk), b"yorisoi/v2/envelope/content-key")
            head += ids[16*i:16*i+16] + enc + AESGCM(key).encrypt(nonce, ck, binding_ad)
            # and the recipient side, from the bytes in the envelope
            slot = env[len(head) - 96:len(head)]
            key2, nonce2 = schedule(shared(bytes.fromhex(r["secret_key"]), slot[16:48], slot[16:48], pk), b"yorisoi/v2/envelope/content-key")
            assert AESGCM(key2).decrypt(nonce2, slot[48:], binding_ad) == ck
        n = bytes.fromhex(c["nonce"])
        head += n
        body_key = hkdf(ck, b"yorisoi/v2/envelope/body-key")
        commit_key = hkdf(ck, b"yorisoi/v2/envelope/commitment-key")
        head += hmac.new(commit_key, lp32(b"yorisoi/v2/envelope/header-mac") + struct.pack(">I", len(head)) + head, hashlib.sha256).digest()
        body = AESGCM(body_key).encrypt(n, bytes.fromhex(c["plaintext"]), lp32(b"yorisoi/v2/envelope/content") + lp32(head))
        message = lp32(b"yorisoi/v2/envelope/signature") + b"\x02" + lp32(head) + hashlib.sha256(body).digest()
        signature = signer.sign(message)
        Ed25519PublicKey.from_public_bytes(svk).verify(env[-64:], message)
        assert head + body + signature == env, c["name"]
        print("ok envelope:", c["name"])

def check_record(v):
    dek = bytes.fromhex(v["dek"])
    for c in v["cases"]:
        ad = lp32(b"yorisoi/v1/record") + b"\x01" + lp32(c["store"].encode()) + lp32(c["key"].encode())
        n = bytes.fromhex(c["nonce"])
        assert b"\x01" + n + AESGCM(dek).encrypt(n, bytes.fromhex(c["plaintext"]), ad) == bytes.fromhex(c["record"])
        print("ok record:", c["store"], c["key"])

d = sys.argv[1]
check_envelope(json.load(open(f"{d}/envelope.json")))
check_record(json.load(open(f"{d}/record.json")))

def check_device(v):
    it = v["iterations"]; salt = bytes.fromhex(v["salt"]); nonce = bytes.fromhex(v["nonce"])
    pin_key = hashlib.pbkdf2_hmac("sha256", v["pin"].encode(), salt, it, 32)
    assert hkdf(pin_key, b"yorisoi/v1/device-pin-proof").hex() == v["pin_proof"]
    kek = hkdf(pin_key + bytes.fromhex(v["server_share"]), b"yorisoi/v1/device-kek")
    header = struct.pack(">BBI", 1, 1, it) + salt + nonce
    ct = AESGCM(kek).encrypt(nonce, bytes.fromhex(v["dek"]), lp32(b"yorisoi/v1/device-wrap") + lp32(header))
    assert (header + ct).hex() == v["wrapped_dek"]
    print("ok device wrap")

def check_staff(v):
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
    p = v["params"]; salt = bytes.fromhex(v["salt"]); nonce = bytes.fromhex(v["nonce"])
    master = Argon2id(salt=salt, length=32, iterations=p["t_cost"], lanes=p["p_cost"], memory_cost=p["m_cost_kib"]).derive(v["password"].encode())
    assert hkdf(master, b"yorisoi/v1/staff-login-secret").hex() == v["login_secret"]
    header = struct.pack(">BBIII", 1, 2, p["m_cost_kib"], p["t_cost"], p["p_cost"]) + salt + nonce
    seed = bytes.fromhex(v["identity_seed"])
    ct = AESGCM(hkdf(master, b"yorisoi/v1/staff-wrap-key")).encrypt(nonce, seed, lp32(b"yorisoi/v1/staff-wrap") + lp32(header))
    assert (header + ct).hex() == v["wrapped_key"]
    # The identity the seed stands for: two keys from two HKDF labels, one fingerprint over both.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    x = pub(hkdf(seed, b"yorisoi/v1/identity/x25519"))
    e = Ed25519PrivateKey.from_private_bytes(hkdf(seed, b"yorisoi/v1/identity/ed25519")).public_key().public_bytes(*RAW)
    assert x.hex() == v["identity_sealing_key"] and e.hex() == v["identity_signing_key"]
    digest = hashlib.sha256(lp32(b"yorisoi/v1/identity") + x + e).digest()
    assert fingerprint(digest) == v["identity_fingerprint"]
    print("ok staff wrap and identity")

def fingerprint(digest):
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    n = int.from_bytes(digest[:10], "big")
    chars = "".join(alphabet[(n >> (75 - 5 * i)) & 31] for i in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))

def check_verifier(v):
    salt = bytes.fromhex(v["salt"])
    d = hashlib.sha256(lp32(b"yorisoi/v1/secret-verifier") + salt + bytes.fromhex(v["secret"])).digest()
    assert (b"\x01" + salt + d).hex() == v["verifier"]
    print("ok verifier")

def check_audit(v):
    h = hashlib.sha256(lp32(b"yorisoi/v1/audit-genesis")).digest()
    assert h.hex() == v["genesis"]
    for row in v["events"]:
        e = row["event"]
        enc = lp32(b"yorisoi/v1/audit-event") + struct.pack(">Qq", e["sequence"], e["time_ms"]) \
            + b"".join(lp32(e[k].encode()) for k in ("actor", "action", "object", "detail"))
        assert enc.hex() == row["encoding"]
        h = hashlib.sha256(h + enc).digest()
        assert h.hex() == e["hash"]
    assert h.hex() == v["head"]["hash"]
    print("ok audit chain")

check_device(json.load(open(f"{d}/device_wrap.json")))
check_staff(json.load(open(f"{d}/staff_wrap.json")))
check_verifier(json.load(open(f"{d}/verifier.json")))
check_audit(json.load(open(f"{d}/audit.json")))
