using System.Text;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Extensions;

/// <summary>
/// One hello extension (RFC 5246 §7.4.1.4):
/// <c>struct { ExtensionType extension_type; opaque extension_data&lt;0..2^16-1&gt;; }</c>.
/// The known ones get their own type; any other is kept as <see cref="UnknownExtension"/>
/// so that a parsed hello writes back to the very bytes it came from.
/// </summary>
public abstract class TlsExtension
{
    public abstract ExtensionType Type { get; }

    /// <summary>Writes the whole extension: type, length and data.</summary>
    public void Write(TlsWriter writer)
    {
        using (writer.Group(TlsNames.Snake(Type)))
        {
            writer.WriteUInt16((ushort)Type, "extension_type");
            using (writer.Block16("extension_data"))
            {
                WriteData(writer);
            }
        }
    }

    protected abstract void WriteData(TlsWriter writer);

    /// <summary>Reads <c>Extension extensions&lt;0..2^16-1&gt;</c>, if present.</summary>
    public static List<TlsExtension> ReadList(TlsReader reader, string context)
    {
        var list = new List<TlsExtension>();
        if (reader.IsAtEnd)
        {
            // RFC 5246 §7.4.1.2: a hello may end before the extensions field.
            return list;
        }

        var block = reader.Sub16("extensions");
        var seen = new HashSet<ushort>();
        while (!block.IsAtEnd)
        {
            var type = block.ReadUInt16("extension_type");
            var data = block.ReadVector16("extension_data");

            // RFC 5246 §7.4.1.4: at most one extension of each type.
            if (!seen.Add(type))
            {
                throw new TlsAlertException(
                    AlertDescription.DecodeError,
                    $"{context}: extension {TlsNames.Hex16(type)} appears twice");
            }

            list.Add(Parse(type, data, context));
        }

        reader.ExpectEnd();
        return list;
    }

    public static void WriteList(TlsWriter writer, IReadOnlyList<TlsExtension> extensions)
    {
        using (writer.Block16("extensions"))
        {
            foreach (var extension in extensions)
            {
                extension.Write(writer);
            }
        }
    }

    private static TlsExtension Parse(ushort type, byte[] data, string context)
    {
        var reader = new TlsReader(data, context + " " + TlsNames.Hex16(type) + " extension");
        if (!Enum.IsDefined((ExtensionType)type) || (ExtensionType)type is
            ExtensionType.EcPointFormats or ExtensionType.EncryptThenMac
            or ExtensionType.SessionTicket)
        {
            return new UnknownExtension(type, data);
        }

        TlsExtension extension = (ExtensionType)type switch
        {
            ExtensionType.ServerName => ServerNameExtension.ReadData(reader),
            ExtensionType.SupportedGroups => SupportedGroupsExtension.ReadData(reader),
            ExtensionType.SignatureAlgorithms => SignatureAlgorithmsExtension.ReadData(reader),
            ExtensionType.ExtendedMasterSecret => ExtendedMasterSecretExtension.ReadData(reader),
            ExtensionType.RenegotiationInfo => RenegotiationInfoExtension.ReadData(reader),
            _ => new UnknownExtension(type, data),
        };
        reader.ExpectEnd();
        return extension;
    }
}

/// <summary>
/// server_name (RFC 6066 §3). In a ClientHello it carries the host name; a server that used
/// it answers with an empty extension, shown here as a null <see cref="HostName"/>.
/// </summary>
public sealed class ServerNameExtension(string? hostName) : TlsExtension
{
    public override ExtensionType Type => ExtensionType.ServerName;

    public string? HostName { get; } = hostName;

    internal static ServerNameExtension ReadData(TlsReader reader)
    {
        if (reader.IsAtEnd)
        {
            return new ServerNameExtension(null);
        }

        // struct { NameType name_type; select (name_type) { case host_name: HostName; } }
        // ServerName; ServerName server_name_list<1..2^16-1>
        var list = reader.Sub16("server_name_list");
        string? host = null;
        do
        {
            var nameType = list.ReadUInt8("name_type");
            var name = list.ReadVector16("HostName", 1);
            if (nameType == 0 && host is null)
            {
                host = Encoding.ASCII.GetString(name);
            }
        }
        while (!list.IsAtEnd);

        return new ServerNameExtension(host);
    }

    protected override void WriteData(TlsWriter writer)
    {
        if (HostName is null)
        {
            return;
        }

        using (writer.Block16("server_name_list"))
        {
            writer.WriteUInt8(0, "name_type (host_name)");
            writer.WriteVector16(Encoding.ASCII.GetBytes(HostName), "HostName");
        }
    }

    public override string ToString() => $"server_name: {HostName ?? "(empty)"}";
}

/// <summary>supported_groups (RFC 8422 §5.1.1, RFC 7919 §2):
/// <c>NamedGroup named_group_list&lt;2..2^16-1&gt;</c>.</summary>
public sealed class SupportedGroupsExtension(IReadOnlyList<NamedGroup> groups) : TlsExtension
{
    public override ExtensionType Type => ExtensionType.SupportedGroups;

    public IReadOnlyList<NamedGroup> Groups { get; } = groups;

    internal static SupportedGroupsExtension ReadData(TlsReader reader)
    {
        var list = reader.Sub16("named_group_list");
        var groups = new List<NamedGroup>();
        while (!list.IsAtEnd)
        {
            groups.Add((NamedGroup)list.ReadUInt16("NamedGroup"));
        }

        return new SupportedGroupsExtension(groups);
    }

    protected override void WriteData(TlsWriter writer)
    {
        using (writer.Block16("named_group_list"))
        {
            foreach (var group in Groups)
            {
                writer.WriteUInt16((ushort)group, TlsNames.Snake(group));
            }
        }
    }

    public override string ToString() =>
        "supported_groups: " + string.Join(", ", Groups.Select(g => TlsNames.Snake(g)));
}

/// <summary>signature_algorithms (RFC 5246 §7.4.1.4.1):
/// <c>SignatureAndHashAlgorithm supported_signature_algorithms&lt;2..2^16-2&gt;</c>.</summary>
public sealed class SignatureAlgorithmsExtension(IReadOnlyList<SignatureScheme> schemes)
    : TlsExtension
{
    public override ExtensionType Type => ExtensionType.SignatureAlgorithms;

    public IReadOnlyList<SignatureScheme> Schemes { get; } = schemes;

    internal static SignatureAlgorithmsExtension ReadData(TlsReader reader)
    {
        var list = reader.Sub16("supported_signature_algorithms");
        var schemes = new List<SignatureScheme>();
        while (!list.IsAtEnd)
        {
            schemes.Add((SignatureScheme)list.ReadUInt16("SignatureAndHashAlgorithm"));
        }

        return new SignatureAlgorithmsExtension(schemes);
    }

    protected override void WriteData(TlsWriter writer)
    {
        using (writer.Block16("supported_signature_algorithms"))
        {
            foreach (var scheme in Schemes)
            {
                writer.WriteUInt16((ushort)scheme, TlsNames.Snake(scheme));
            }
        }
    }

    public override string ToString() =>
        "signature_algorithms: " + string.Join(", ", Schemes.Select(s => TlsNames.Snake(s)));
}

/// <summary>
/// extended_master_secret (RFC 7627 §5.1): empty; both hellos carrying it switch the master
/// secret to the session hash, which ties it to this handshake's messages.
/// </summary>
public sealed class ExtendedMasterSecretExtension : TlsExtension
{
    public override ExtensionType Type => ExtensionType.ExtendedMasterSecret;

    internal static ExtendedMasterSecretExtension ReadData(TlsReader reader)
    {
        // RFC 7627 §5.1: "The extension_data field of this extension is empty" - any bytes
        // left make ExpectEnd() raise decode_error.
        return new ExtendedMasterSecretExtension();
    }

    protected override void WriteData(TlsWriter writer)
    {
    }

    public override string ToString() => "extended_master_secret";
}

/// <summary>renegotiation_info (RFC 5746 §3.2):
/// <c>opaque renegotiated_connection&lt;0..255&gt;</c>, empty on a first handshake.</summary>
public sealed class RenegotiationInfoExtension(byte[] renegotiatedConnection) : TlsExtension
{
    public override ExtensionType Type => ExtensionType.RenegotiationInfo;

    public byte[] RenegotiatedConnection { get; } = renegotiatedConnection;

    internal static RenegotiationInfoExtension ReadData(TlsReader reader) =>
        new(reader.ReadVector8("renegotiated_connection"));

    protected override void WriteData(TlsWriter writer) =>
        writer.WriteVector8(RenegotiatedConnection, "renegotiated_connection");

    public override string ToString() =>
        $"renegotiation_info: {Convert.ToHexStringLower(RenegotiatedConnection)}";
}

/// <summary>An extension this library does not interpret, carried byte for byte.</summary>
public sealed class UnknownExtension(ushort type, byte[] data) : TlsExtension
{
    public override ExtensionType Type => (ExtensionType)type;

    public byte[] Data { get; } = data;

    protected override void WriteData(TlsWriter writer) => writer.WriteBytes(Data, "data");

    public override string ToString() =>
        $"extension {TlsNames.Hex16((ushort)Type)}: {Convert.ToHexStringLower(Data)}";
}
