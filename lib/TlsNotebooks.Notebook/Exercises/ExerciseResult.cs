using System.Net;

namespace TlsNotebooks.Notebook.Exercises;

/// <summary>What a check cell shows: pass or not yet, with a hint, never the answer.</summary>
/// <param name="ExerciseId">The exercise's id, such as "00.1".</param>
/// <param name="Title">What the exercise asks.</param>
/// <param name="Passed">Whether the answer is right.</param>
/// <param name="Message">"Right." or what is wrong, with the hint.</param>
/// <param name="Points">What the exercise is worth.</param>
/// <param name="Awarded">The points this answer earns.</param>
public sealed record ExerciseResult(
    string ExerciseId,
    string Title,
    bool Passed,
    string Message,
    int Points,
    int Awarded)
{
    public override string ToString() =>
        Passed
            ? $"✔ Exercise {ExerciseId} ({Title}): {Message} {Awarded}/{Points} points."
            : $"✘ Exercise {ExerciseId} ({Title}): not yet. {Message}";

    /// <summary>
    /// A coloured box. The data attributes let a grader read the outcome from a saved
    /// notebook without parsing the prose.
    /// </summary>
    public string ToHtml()
    {
        var (colour, border) = Passed ? ("#e8f5e9", "#2e7d32") : ("#fff3e0", "#e65100");
        return $"<div class=\"tlsnb-exercise\" data-exercise=\"{Encode(ExerciseId)}\" "
            + $"data-passed=\"{(Passed ? "true" : "false")}\" data-points=\"{Awarded}/{Points}\" "
            + $"style=\"background:{colour};border-left:4px solid {border};padding:6px 10px\">"
            + Encode(ToString()) + "</div>";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
