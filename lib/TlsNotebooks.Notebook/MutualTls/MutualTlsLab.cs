using System.Globalization;
using TlsNotebooks.Organisation;
using TlsNotebooks.Presentation;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.MutualTls;

/// <summary>Handshake size and time with and without client authentication.</summary>
/// <param name="BytesWithout">Handshake bytes on the wire (both ways), server-only TLS.</param>
/// <param name="BytesWith">The same with a client certificate required.</param>
/// <param name="MillisecondsWithout">The client's handshake time of each run, server-only.</param>
/// <param name="MillisecondsWith">The same with a client certificate required.</param>
public sealed record HandshakeCost(
    int BytesWithout,
    int BytesWith,
    IReadOnlyList<double> MillisecondsWithout,
    IReadOnlyList<double> MillisecondsWith) : IFieldTable
{
    public string TableTitle => "Client authentication: what it costs";

    public IReadOnlyList<Field> GetFields() =>
    [
        new("handshake bytes, server-only", BytesWithout.ToString(CultureInfo.InvariantCulture),
            "both directions, record headers included"),
        new("handshake bytes, mutual", BytesWith.ToString(CultureInfo.InvariantCulture),
            $"{BytesWith - BytesWithout:+#;-#;0} bytes"),
        new("median time, server-only", $"{MedianWithout:F2} ms",
            $"client's handshake, {MillisecondsWithout.Count} calls"),
        new("median time, mutual", $"{MedianWith:F2} ms",
            $"{MedianWith - MedianWithout:+0.00;-0.00} ms"),
    ];

    public double MedianWithout => Median(MillisecondsWithout);

    public double MedianWith => Median(MillisecondsWith);

    public override string ToString() =>
        $"without client authentication: {BytesWithout} bytes, median {MedianWithout:F2} ms; "
        + $"with: {BytesWith} bytes, median {MedianWith:F2} ms";

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}

/// <summary>Measurements and small demonstrations for notebook 06.</summary>
public static class MutualTlsLab
{
    /// <summary>
    /// Calls <paramref name="service"/> <paramref name="runs"/> times as
    /// <paramref name="caller"/> with client authentication off, then as many times with it
    /// required (alternating, so that a slow moment of the machine hits both alike).
    /// </summary>
    public static HandshakeCost MeasureClientAuthentication(
        Organisation.Organisation organisation,
        ClientIdentity caller,
        string service,
        int runs = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runs, 200);
        using var plain = organisation.Start(service, ClientAuthentication.None);
        using var mutual = organisation.Start(service, ClientAuthentication.Required);

        // One warm-up call each: the first handshake also loads and compiles code.
        organisation.Call(caller, plain);
        organisation.Call(caller, mutual);
        var without = new List<CallResult>();
        var with = new List<CallResult>();
        for (var i = 0; i < runs; i++)
        {
            without.Add(Expect(organisation.Call(caller, plain)));
            with.Add(Expect(organisation.Call(caller, mutual)));
        }

        return new HandshakeCost(without[0].HandshakeBytes, with[0].HandshakeBytes,
            without.Select(c => c.HandshakeTime.TotalMilliseconds).ToList(),
            with.Select(c => c.HandshakeTime.TotalMilliseconds).ToList());
    }

    private static CallResult Expect(CallResult call) => call.Accepted
        ? call
        : throw new InvalidOperationException("a measured call was refused: " + call);
}
