namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// A peer's public value, or the secret it leads to, is unacceptable. <see cref="Rule"/> says
/// which rule it broke.
/// </summary>
public sealed class DhValidationException : Exception
{
    /// <summary>Creates the exception for a broken rule in a finite-field group.</summary>
    public DhValidationException(DhPublicValueRule rule, DhGroup group)
        : this(rule, group.Name, Describe(rule, group))
    {
    }

    /// <summary>Creates the exception with a message of the caller's choosing.</summary>
    public DhValidationException(DhPublicValueRule rule, string groupName, string message)
        : base(message)
    {
        Rule = rule;
        GroupName = groupName;
    }

    /// <summary>The rule that was broken.</summary>
    public DhPublicValueRule Rule { get; }

    /// <summary>The group or curve concerned, such as "ffdhe2048" or "x25519".</summary>
    public string GroupName { get; }

    private static string Describe(DhPublicValueRule rule, DhGroup group)
    {
        var why = rule switch
        {
            DhPublicValueRule.Negative =>
                "the public value is negative; it must lie in [2, p - 2] (RFC 7919 §5.1)",
            DhPublicValueRule.IsZero =>
                "the public value is 0, which would make every shared secret 0; "
                + "it must lie in [2, p - 2] (RFC 7919 §5.1)",
            DhPublicValueRule.IsOne =>
                "the public value is 1, which would make every shared secret 1; "
                + "it must lie in [2, p - 2] (RFC 7919 §5.1)",
            DhPublicValueRule.IsPMinusOne =>
                "the public value is p - 1, of order 2, which would make the shared secret "
                + "1 or p - 1; it must lie in [2, p - 2] (RFC 7919 §5.1)",
            DhPublicValueRule.NotLessThanP =>
                "the public value is p or greater; it must lie in [2, p - 2] (RFC 7919 §5.1)",
            DhPublicValueRule.NotInSubgroup =>
                "y^q mod p is not 1, so the public value lies outside the prime-order "
                + "subgroup (NIST SP 800-56A Rev. 3 §5.6.2.3.1)",
            DhPublicValueRule.SharedSecretIsOne =>
                "the shared secret is 1, so the peer's value has a small order "
                + "(NIST SP 800-56A Rev. 3 §5.7.1.1)",
            DhPublicValueRule.WrongLength =>
                $"an encoded value must be at most {group.ByteLength} bytes long",
            _ => rule.ToString(),
        };
        return $"Diffie-Hellman in {group.Name}: {why}.";
    }
}
