namespace TlsNotebooks.DiffieHellman;

/// <summary>How thoroughly a peer's public value is checked before it is used.</summary>
public enum DhValidation
{
    /// <summary>
    /// Full public-key validation (NIST SP 800-56A Rev. 3 §5.6.2.3.1): 2 &lt;= y &lt;= p - 2
    /// and, when the group's q is known, y^q mod p = 1. The default.
    /// </summary>
    Full,

    /// <summary>
    /// The range check that RFC 7919 §5.1 requires, 1 &lt; y &lt; p - 1, and no more: what
    /// TLS stacks such as OpenSSL do during a handshake. It saves a full-size exponentiation.
    /// </summary>
    RangeOnly,

    /// <summary>
    /// No check at all, to show in a lesson what an invalid value does to the shared secret.
    /// Insecure: never use it outside a demonstration.
    /// </summary>
    NoneForTeaching,
}
