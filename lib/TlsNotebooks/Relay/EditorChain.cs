namespace TlsNotebooks.Relay;

/// <summary>Several editors in turn: each gets what the one before passed on.</summary>
public sealed class EditorChain : IInFlightEditor
{
    private readonly IInFlightEditor[] _editors;

    public EditorChain(params IInFlightEditor[] editors)
    {
        ArgumentNullException.ThrowIfNull(editors);
        _editors = editors;
    }

    public byte[] Edit(ChunkPosition position, byte[] bytes)
    {
        foreach (var editor in _editors)
        {
            bytes = editor.Edit(position, bytes);
        }

        return bytes;
    }
}
