namespace TlsNotebooks.Notebook.Exercises;

/// <summary>The data and exercises of notebook 00-start-here.</summary>
public static class StartHere
{
    /// <summary>
    /// The five-byte header of a TLS record (RFC 5246 §6.2.1): content type 22 (handshake),
    /// version 3.3 (TLS 1.2), then the length of the fragment as a 16-bit big-endian number.
    /// </summary>
    public static byte[] RecordHeader => [0x16, 0x03, 0x03, 0x01, 0x2C];

    /// <summary>The exercises of notebook 00.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        Exercise.Define<int>(
            "00.1",
            "read a record's length from its header",
            points: 1,
            hint: "The length is the last two header bytes, most significant byte first "
                + "(network byte order, RFC 5246 §4.4).",
            answer =>
            {
                var header = RecordHeader;
                var length = (header[3] << 8) | header[4];
                if (answer == length)
                {
                    return null;
                }

                if (answer == header[4])
                {
                    return "That is the last byte alone: the length has two bytes.";
                }

                if (answer == ((header[4] << 8) | header[3]))
                {
                    return "That reads the two bytes low byte first (little-endian).";
                }

                return answer is < 0 or > 0xFFFF
                    ? "Two bytes can only hold 0 to 65535."
                    : $"{answer} is not the length in this header.";
            }),
    ];
}
