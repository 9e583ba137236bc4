using TlsNotebooks.Relay;

namespace TlsNotebooks.Tests.Relay;

/// <summary>
/// Cutting captured chunks into records the way an eavesdropper does: across chunk
/// boundaries, several messages per record, a message across records, and nothing readable
/// after the sender's ChangeCipherSpec.
/// </summary>
public class WireRecordsTests
{
    private static RelayChunk Chunk(long sequence, RelayDirection direction, byte[] bytes) =>
        new(1, sequence, TimeSpan.FromMilliseconds(sequence), direction, 0, bytes, bytes);

    [Fact]
    public void Records_split_across_chunks_name_the_messages_that_start_in_them()
    {
        // Record 1: ServerHello (2) and the start of a Certificate (11) whose body is 6
        // bytes; record 2: the rest of the Certificate and a whole ServerHelloDone (14).
        byte[] first = [22, 3, 3, 0, 12, 2, 0, 0, 1, 0xaa, 11, 0, 0, 6, 1, 2, 3];
        byte[] second = [22, 3, 3, 0, 7, 4, 5, 6, 14, 0, 0, 0];
        byte[] changeCipherSpec = [20, 3, 3, 0, 1, 1];
        byte[] finished = [22, 3, 3, 0, 3, 9, 9, 9];
        byte[] stream = [.. first, .. second, .. changeCipherSpec, .. finished];
        var chunks = new List<RelayChunk>();
        for (var at = 0; at < stream.Length; at += 4)
        {
            chunks.Add(Chunk(chunks.Count, RelayDirection.ServerToClient,
                stream[at..Math.Min(stream.Length, at + 4)]));
        }

        var records = WireRecords.Of(chunks);

        Assert.Equal(4, records.Count);
        Assert.Equal(["ServerHello", "Certificate"], records[0].Messages);
        Assert.Equal(["ServerHelloDone"], records[1].Messages);
        Assert.Equal("ChangeCipherSpec", records[2].Seen);
        Assert.False(records[3].Readable);
        Assert.Equal("handshake, encrypted", records[3].Seen);
        Assert.Equal(first, records[0].Bytes);
        Assert.Equal(TimeSpan.FromMilliseconds(4), records[1].At);
    }

    [Fact]
    public void A_trailing_partial_record_is_left_out()
    {
        var chunks = new[]
        {
            Chunk(0, RelayDirection.ClientToServer, [23, 3, 3, 0, 2, 1, 2, 23, 3, 3, 0, 9, 1]),
        };

        var record = Assert.Single(WireRecords.Of(chunks));
        Assert.Equal(7, record.Length);
        Assert.False(record.Readable);
    }

    [Fact]
    public void Negotiated_version_needs_a_readable_ServerHello()
    {
        var chunks = new[]
        {
            Chunk(0, RelayDirection.ClientToServer, [22, 3, 1, 0, 4, 1, 0, 0, 0]),
        };

        Assert.Throws<InvalidOperationException>(
            () => WireRecords.NegotiatedVersion(WireRecords.Of(chunks)));
    }
}
