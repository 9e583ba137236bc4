using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TlsNotebooks.X509;

/// <summary>
/// Matches the name a client meant to reach against a certificate's subjectAltName entries,
/// following RFC 6125 §6.4 as browsers apply it: DNS names compare case-insensitively in
/// ASCII; a wildcard may only be the whole left-most label and stands for exactly one label;
/// IP addresses compare as bytes and only with iPAddress entries. The subject's common name
/// is never consulted (RFC 6125 §6.4.4 allows it only without SANs; browsers dropped it).
/// </summary>
/// <remarks>
/// Internationalised names must be given in their A-label form ("xn--…"): this class does
/// not convert U-labels, and refuses non-ASCII input.
/// </remarks>
public static class HostNameMatcher
{
    /// <summary>
    /// Parses an IP literal strictly: dotted-quad IPv4 without leading zeros or hex, or IPv6.
    /// Returns null for anything else, which is then treated as a DNS name.
    /// </summary>
    public static IPAddress? ParseIpLiteral(string name)
    {
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(name, out var v6)
                && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? v6
                : null;
        }

        var parts = name.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)
                || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture,
                    out bytes[i]))
            {
                return null;
            }
        }

        return new IPAddress(bytes);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a syntactically valid DNS name for a dNSName SAN:
    /// letters, digits and hyphens (RFC 1034 §3.5, RFC 5280 §4.2.1.6), with an optional
    /// wildcard as the whole first label when <paramref name="allowWildcard"/>.
    /// </summary>
    public static bool IsValidDnsName(string name, bool allowWildcard)
    {
        if (name.Length is 0 or > 253 || name.EndsWith('.'))
        {
            return false;
        }

        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (i == 0 && allowWildcard && label == "*")
            {
                continue;
            }

            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        // A name made only of digits and dots is an IPv4 address written as a DNS name.
        return !labels.All(l => l.All(char.IsAsciiDigit) || l == "*");
    }

    /// <summary>
    /// Whether the presented dNSName (possibly a wildcard) covers the reference name.
    /// </summary>
    public static bool MatchesDns(
        string presented,
        string reference,
        PublicSuffixList? publicSuffixes = null)
    {
        reference = reference.TrimEnd('.');
        if (!IsValidDnsName(presented, allowWildcard: true)
            || !IsValidDnsName(reference, allowWildcard: false))
        {
            return false;
        }

        if (!presented.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(presented, reference, StringComparison.OrdinalIgnoreCase);
        }

        // "*.example.com": the rest needs at least two labels, and may not be a public
        // suffix, or one certificate would cover a whole registry ("*.com", "*.co.uk").
        var suffix = presented[2..];
        if (!suffix.Contains('.', StringComparison.Ordinal)
            || (publicSuffixes?.IsPublicSuffix(suffix) ?? false))
        {
            return false;
        }

        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && string.Equals(reference[(dot + 1)..], suffix, StringComparison.OrdinalIgnoreCase);
    }
}
