namespace TlsNotebooks.Presentation;

/// <summary>
/// A value that can describe itself as named fields: a TLS message, a certificate, a DH group.
/// The notebooks show such a value as a two-column table; <see cref="object.ToString"/> stays
/// the plain-text form. The core library knows nothing of notebooks beyond this.
/// </summary>
public interface IFieldTable
{
    /// <summary>A short title for the table, such as "ServerKeyExchange".</summary>
    string TableTitle { get; }

    /// <summary>The fields in the order a reader should meet them.</summary>
    IReadOnlyList<Field> GetFields();
}

/// <summary>
/// One row of an <see cref="IFieldTable"/>: a name, its value as text, and a note.
/// </summary>
/// <param name="Name">The field's name, in the words of the RFC where there is one.</param>
/// <param name="Value">The value as a reader should see it (decimal, hex, a name).</param>
/// <param name="Note">Optional: why the field is there, or the RFC section.</param>
public sealed record Field(string Name, string Value, string? Note = null);
