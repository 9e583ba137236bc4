namespace TlsNotebooks.Tls;

/// <summary>The RFC spellings of the protocol's numbers, for ToString() and transcripts.</summary>
public static class TlsNames
{
    /// <summary>
    /// "bad_record_mac" for <see cref="AlertDescription.BadRecordMac"/>, and so on.
    /// </summary>
    public static string Alert(AlertDescription description) =>
        SnakeCase(description.ToString());

    public static string Snake(Enum value) => SnakeCase(value.ToString());

    /// <summary>"0x009e" style for numbers without a name.</summary>
    public static string Hex16(int value) => $"0x{value:x4}";

    private static string SnakeCase(string pascal)
    {
        if (int.TryParse(pascal, out _))
        {
            return "unknown(" + pascal + ")";
        }

        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
