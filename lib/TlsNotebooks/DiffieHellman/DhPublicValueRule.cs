namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// The rule that a Diffie-Hellman public value (or the shared secret it leads to) breaks.
/// </summary>
public enum DhPublicValueRule
{
    /// <summary>y is negative: not an element of the group at all.</summary>
    Negative,

    /// <summary>y = 0: every shared secret would be 0 (RFC 7919 §5.1).</summary>
    IsZero,

    /// <summary>y = 1: every shared secret would be 1 (RFC 7919 §5.1).</summary>
    IsOne,

    /// <summary>y = p - 1, of order 2: the secret would be 1 or p - 1 (RFC 7919 §5.1).</summary>
    IsPMinusOne,

    /// <summary>y &gt;= p: not reduced modulo p, so not a canonical group element.</summary>
    NotLessThanP,

    /// <summary>
    /// y^q mod p != 1: y lies outside the prime-order subgroup
    /// (NIST SP 800-56A Rev. 3 §5.6.2.3.1).
    /// </summary>
    NotInSubgroup,

    /// <summary>
    /// The computed shared secret is 1 (NIST SP 800-56A Rev. 3 §5.7.1.1 says to stop): the
    /// peer's value has a small order that divides our private exponent.
    /// </summary>
    SharedSecretIsOne,

    /// <summary>
    /// An X25519 shared secret of all zeros: the peer sent a point of small order
    /// (RFC 7748 §6.1).
    /// </summary>
    AllZeroSharedSecret,

    /// <summary>An encoded value has the wrong length for its group or curve.</summary>
    WrongLength,
}
