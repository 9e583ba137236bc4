using TlsNotebooks.DiffieHellman;
using TlsNotebooks.DiffieHellman.Attacks;

namespace TlsNotebooks.Tests.DiffieHellman;

public class ManInTheMiddleTests
{
    [Theory]
    [InlineData("teaching-safe32")]
    [InlineData("ffdhe2048")]
    public void Run_WithoutSignatures_MalloryReadsBothSides(string name)
    {
        var outcome = ManInTheMiddle.Run(DhGroups.ByName(name), false, new Random(1));

        Assert.True(outcome.MalloryReadsEverything);
        Assert.Null(outcome.SignatureValid);
        Assert.NotEqual(outcome.AliceSent, outcome.BobReceived);
        Assert.NotEqual(outcome.BobSent, outcome.AliceReceived);
        Assert.Equal(outcome.MallorySecretWithAlice.Value, outcome.AliceSecret!.Value);
        Assert.Equal(outcome.MallorySecretWithBob.Value, outcome.BobSecret.Value);

        // Alice and Bob each think they share a key with the other, but they do not.
        Assert.NotEqual(outcome.AliceSecret.Value, outcome.BobSecret.Value);
    }

    [Fact]
    public void Run_WithBobsSignature_AliceDetectsTheSwap()
    {
        var outcome = ManInTheMiddle.Run(DhGroups.Ffdhe2048, true, new Random(2));

        Assert.False(outcome.SignatureValid);
        Assert.Null(outcome.AliceSecret);
        Assert.False(outcome.MalloryReadsEverything);
        Assert.Contains(outcome.Transcript, line => line.Contains("INVALID"));
    }

    [Fact]
    public void Run_WithBobsSignatureAndNoTampering_TheSignatureVerifies()
    {
        var outcome = ManInTheMiddle.Run(
            DhGroups.Ffdhe2048, true, new Random(3), malloryInterferes: false);

        Assert.True(outcome.SignatureValid);
        Assert.Equal(outcome.BobSecret.Value, outcome.AliceSecret!.Value);
        Assert.False(outcome.MalloryReadsEverything);
        Assert.NotEqual(outcome.MallorySecretWithAlice.Value, outcome.AliceSecret.Value);
    }
}
