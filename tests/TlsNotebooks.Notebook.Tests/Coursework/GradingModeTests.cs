using TlsNotebooks.Notebook.Exercises;

namespace TlsNotebooks.Notebook.Tests.Coursework;

/// <summary>The notebook layer's checks under a grader (NBGRADER_EXECUTION set).</summary>
public class GradingModeTests
{
    private static int RightLength => (StartHere.RecordHeader[3] << 8) | StartHere.RecordHeader[4];

    [Fact]
    public void WrongAnswer_InGradingMode_Throws_WithTheHintButNotTheAnswer()
    {
        using var _ = Grading.Override(active: true);

        var error = Assert.Throws<ExerciseFailedException>(() => Check.Answer("00.1", 44));

        Assert.False(error.Result.Passed);
        Assert.Contains("Hint:", error.Message);
        Assert.DoesNotContain(RightLength.ToString(), error.Message);
    }

    [Fact]
    public void RightAnswer_InGradingMode_ReturnsThePass()
    {
        using var _ = Grading.Override(active: true);

        Assert.True(Check.Answer("00.1", RightLength).Passed);
    }

    [Fact]
    public void WrongAnswer_OutsideGradingMode_ReturnsTheBox()
    {
        using var _ = Grading.Override(active: false);

        Assert.False(Check.Answer("00.1", 44).Passed);
    }

    [Fact]
    public void That_PassesOrFailsWithItsOwnSentence()
    {
        using var _ = Grading.Override(active: true);

        Assert.True(Check.That("00.1", true, "unused").Passed);
        var error = Assert.Throws<ExerciseFailedException>(
            () => Check.That("00.1", false, "Wrong for a header of length 16384."));
        Assert.Contains("Wrong for a header of length 16384.", error.Message);
        Assert.Equal(0, error.Result.Awarded);
    }

    [Fact]
    public void That_RefusesAnUnknownExercise()
    {
        Assert.Throws<ArgumentException>(() => Check.That("99.9", true, "x"));
    }
}
