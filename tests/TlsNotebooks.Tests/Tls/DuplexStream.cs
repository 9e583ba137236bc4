namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// A stream that reads from fixed bytes and throws away what is written: lets a client or
/// server be fed a recorded or mutated flight without a peer.
/// </summary>
internal sealed class DuplexStream(byte[] input) : Stream
{
    private readonly MemoryStream _input = new(input);

    public MemoryStream Written { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        _input.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        Written.Write(buffer, offset, count);
}
