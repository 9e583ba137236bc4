namespace TlsNotebooks.X509;

/// <summary>A byte range inside a DER encoding: where it starts and how long it is.</summary>
public readonly record struct ByteRange(int Offset, int Length)
{
    public int End => Offset + Length;

    public override string ToString() => $"bytes {Offset}..{End - 1} ({Length} bytes)";
}

/// <summary>
/// One DER tag-length-value header, read with every bound checked. Only what is needed to mark
/// the parts of a certificate and to refuse broken input early (X.690 §8.1, §10.1).
/// </summary>
public readonly record struct DerElement(int Offset, byte Tag, int HeaderLength, int ContentLength)
{
    /// <summary>The whole element: header and contents.</summary>
    public ByteRange Whole => new(Offset, HeaderLength + ContentLength);

    /// <summary>The contents only, without the tag and length octets.</summary>
    public ByteRange Contents => new(Offset + HeaderLength, ContentLength);

    /// <summary>
    /// Reads the header at <paramref name="offset"/>; the element must fit inside
    /// <paramref name="limit"/> bytes of <paramref name="der"/>.
    /// </summary>
    public static DerElement Read(ReadOnlySpan<byte> der, int offset, int limit)
    {
        if (offset < 0 || limit > der.Length || offset + 2 > limit)
        {
            throw new CertificateFormatException(
                $"DER element at offset {offset} is truncated: no room for tag and length.");
        }

        var tag = der[offset];
        if ((tag & 0x1F) == 0x1F)
        {
            // High tag numbers never occur in certificates; refusing them keeps this simple.
            throw new CertificateFormatException(
                $"DER tag at offset {offset} uses the multi-byte form, not used in X.509.");
        }

        var first = der[offset + 1];
        var headerLength = 2;
        long length;
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            throw new CertificateFormatException(
                $"Indefinite length at offset {offset}: DER requires definite lengths " +
                "(X.690 §10.1).");
        }
        else
        {
            var count = first & 0x7F;
            if (count > 4)
            {
                throw new CertificateFormatException(
                    $"Length at offset {offset} has {count} length octets: too large.");
            }

            if (offset + 2 + count > limit)
            {
                throw new CertificateFormatException(
                    $"Length octets at offset {offset} run past the end of the data.");
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | der[offset + 2 + i];
            }

            if (length < 0x80 || der[offset + 2] == 0)
            {
                throw new CertificateFormatException(
                    $"Length at offset {offset} is not in the shortest form DER requires " +
                    "(X.690 §10.1).");
            }

            headerLength += count;
        }

        if (length > limit - offset - headerLength)
        {
            throw new CertificateFormatException(
                $"DER element at offset {offset} claims {length} content bytes but only " +
                $"{limit - offset - headerLength} remain.");
        }

        return new DerElement(offset, tag, headerLength, (int)length);
    }
}
