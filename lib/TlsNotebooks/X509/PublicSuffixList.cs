namespace TlsNotebooks.X509;

/// <summary>
/// The Public Suffix List (publicsuffix.org): names under which anyone may register, such as
/// "com", "co.uk" or "s3.amazonaws.com". A wildcard certificate for "*.co.uk" would cover
/// every company in the UK, so hosts refuse wildcards directly in front of a public suffix.
/// </summary>
/// <remarks>
/// The list is not shipped with the library; Debian's <c>publicsuffix</c> package has it.
/// </remarks>
public sealed class PublicSuffixList
{
    /// <summary>Where Debian's publicsuffix package puts the list.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private readonly HashSet<string> _rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _wildcards = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _exceptions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Parses the list's text format: one rule a line, "//" comments, "*." and "!".
    /// </summary>
    public static PublicSuffixList Parse(string text)
    {
        var list = new PublicSuffixList();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            line = line.Split(' ', '\t')[0];
            if (line.StartsWith('!'))
            {
                list._exceptions.Add(line[1..]);
            }
            else if (line.StartsWith("*.", StringComparison.Ordinal))
            {
                list._wildcards.Add(line[2..]);
            }
            else
            {
                list._rules.Add(line);
            }
        }

        return list;
    }

    /// <summary>Loads the list from a file, such as <see cref="DebianPath"/>.</summary>
    public static PublicSuffixList Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Whether <paramref name="domain"/> itself is a public suffix.</summary>
    public bool IsPublicSuffix(string domain)
    {
        domain = domain.TrimEnd('.');
        if (_exceptions.Contains(domain))
        {
            return false;
        }

        if (_rules.Contains(domain))
        {
            return true;
        }

        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            // The list's implicit rule "*": every top-level label is a public suffix.
            return true;
        }

        return _wildcards.Contains(domain[(dot + 1)..]);
    }
}
