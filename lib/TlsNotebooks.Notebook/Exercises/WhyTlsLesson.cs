using System.Text;

namespace TlsNotebooks.Notebook.Exercises;

/// <summary>The data and exercises of notebook 01-why-tls.</summary>
public static class WhyTlsLesson
{
    private const string CapturedUser = "bob";
    private const string CapturedPassword = "tr0ub4dor&3 horse";

    /// <summary>
    /// What an eavesdropper captured from a client to a web server on port 80: one HTTP
    /// request, byte for byte as the client sent it.
    /// </summary>
    public static byte[] Capture
    {
        get
        {
            var body = $"user={CapturedUser}&password="
                + System.Net.WebUtility.UrlEncode(CapturedPassword) + "&remember=on";
            return Encoding.ASCII.GetBytes(
                "POST /login HTTP/1.1\r\nHost: bank.example\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n" + body);
        }
    }

    /// <summary>
    /// One server flight as captured on the wire: a handful of whole TLS records, headers
    /// included, back to back. Built from a fixed seed, so it is the same every run.
    /// </summary>
    public static byte[] MysteryFlight { get; } = BuildMysteryFlight();

    /// <summary>The exercises of notebook 01.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        Exercise.Define<string>(
            "01.1",
            "find the password in a captured HTTP request",
            points: 1,
            hint: "A form body is name=value pairs joined by '&', URL-encoded: '+' stands for a "
                + "space and %XX for the byte with hex value XX. System.Net.WebUtility.UrlDecode "
                + "decodes it.",
            answer =>
            {
                if (answer == CapturedPassword)
                {
                    return null;
                }

                var encoded = System.Net.WebUtility.UrlEncode(CapturedPassword);
                if (answer == encoded || answer.Contains('%') || answer.Contains('+'))
                {
                    return "That is still URL-encoded.";
                }

                if (answer.Trim() == CapturedPassword)
                {
                    return "Close, but there is white space at the start or end.";
                }

                if (answer == CapturedUser)
                {
                    return "That is the user name.";
                }

                if (answer.Contains("password=", StringComparison.Ordinal)
                    || answer.Contains('&'))
                {
                    return "That still contains the form's field syntax; give the value only.";
                }

                return "That is not the password in the capture: look at the body, after the "
                    + "blank line that ends the headers.";
            }),
        Exercise.Define<string>(
            "01.2",
            "which TLS version sent this flight?",
            points: 1,
            hint: "Walk the records: byte 0 is the content type, bytes 3-4 the length of what "
                + "follows the 5-byte header. Which content types follow the ServerHello, and "
                + "could an eavesdropper read a Certificate in them?",
            answer =>
            {
                var normalized = answer.ToLowerInvariant().Replace("tls", string.Empty)
                    .Replace("v", string.Empty).Replace(" ", string.Empty);
                return normalized switch
                {
                    "1.3" => null,
                    "1.2" => "In a TLS 1.2 flight the server's Certificate follows the "
                        + "ServerHello as a readable handshake record (content type 22).",
                    _ => "Answer with a version, such as \"1.2\" or \"1.3\".",
                };
            }),
        Exercise.Define<int>(
            "01.3",
            "how many records of the flight can an eavesdropper read?",
            points: 1,
            hint: "Before the sender's ChangeCipherSpec, handshake and change_cipher_spec "
                + "records are plaintext; a record of type application_data (23) is encrypted.",
            answer =>
            {
                var records = CountRecords(MysteryFlight);
                var readable = CountReadable(MysteryFlight);
                if (answer == readable)
                {
                    return null;
                }

                if (answer == records)
                {
                    return "That counts every record, the encrypted ones too.";
                }

                if (answer == readable - 1)
                {
                    return "One record is missing: a one-byte record counts as well.";
                }

                return answer < 0 || answer > records
                    ? "The flight does not hold that many records."
                    : $"{answer} is not the number of readable records.";
            }),
    ];

    private static int CountRecords(byte[] flight) => Records(flight).Count();

    private static int CountReadable(byte[] flight) =>
        Records(flight).Count(r => r.Type is 20 or 21 or 22);

    private static IEnumerable<(byte Type, int Length)> Records(byte[] flight)
    {
        for (var at = 0; at + 5 <= flight.Length;)
        {
            var length = (flight[at + 3] << 8) | flight[at + 4];
            yield return (flight[at], length);
            at += 5 + length;
        }
    }

    private static byte[] BuildMysteryFlight()
    {
        var random = new Random(20261203);
        byte[] Bytes(int n)
        {
            var b = new byte[n];
            random.NextBytes(b);
            return b;
        }

        // ServerHello (RFC 8446 §4.1.3): legacy_version, random, legacy_session_id_echo,
        // cipher_suite TLS_AES_128_GCM_SHA256, legacy_compression_method, then extensions
        // supported_versions (0x0304) and key_share (x25519).
        var body = new List<byte> { 0x03, 0x03 };
        body.AddRange(Bytes(32));
        body.Add(32);
        body.AddRange(Bytes(32));
        body.AddRange([0x13, 0x01, 0x00]);
        var extensions = new List<byte> { 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04 };
        extensions.AddRange([0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20]);
        extensions.AddRange(Bytes(32));
        body.AddRange([(byte)(extensions.Count >> 8), (byte)extensions.Count]);
        body.AddRange(extensions);
        var handshake = new List<byte> { 2, 0, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);

        var flight = new List<byte>();
        void Record(byte type, IReadOnlyCollection<byte> fragment)
        {
            flight.AddRange([type, 0x03, 0x03, (byte)(fragment.Count >> 8), (byte)fragment.Count]);
            flight.AddRange(fragment);
        }

        Record(22, handshake);
        Record(20, [1]);
        foreach (var length in new[] { 27, 1064, 281, 53 })
        {
            Record(23, Bytes(length));
        }

        return flight.ToArray();
    }
}
