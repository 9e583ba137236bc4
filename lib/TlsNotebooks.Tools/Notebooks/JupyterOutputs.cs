using System.Text.Json.Nodes;

namespace TlsNotebooks.Tools.Notebooks;

/// <summary>Turns the kernel's events into Jupyter (nbformat 4) output objects.</summary>
public static class JupyterOutputs
{
    /// <summary>The marker the notebook layer puts on every chart it draws.</summary>
    public const string ChartMarker = "class=\"tlsnb-chart\"";

    /// <summary>
    /// Appends the outputs the events describe; returns the error text if the command failed.
    /// </summary>
    internal static string? Append(
        IReadOnlyList<JsonObject> events,
        JsonArray outputs,
        int executionCount)
    {
        string? error = null;
        foreach (var e in events)
        {
            var body = e["event"] as JsonObject;
            switch (e["eventType"]?.GetValue<string>())
            {
                case "ReturnValueProduced":
                    outputs.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["execution_count"] = executionCount,
                        ["data"] = DataOf(body),
                        ["metadata"] = new JsonObject(),
                    });
                    break;
                case "DisplayedValueProduced":
                case "DisplayedValueUpdated":
                    outputs.Add(new JsonObject
                    {
                        ["output_type"] = "display_data",
                        ["data"] = DataOf(body),
                        ["metadata"] = new JsonObject(),
                    });
                    break;
                case "StandardOutputValueProduced":
                    outputs.Add(Stream("stdout", TextOf(body)));
                    break;
                case "StandardErrorValueProduced":
                    outputs.Add(Stream("stderr", TextOf(body)));
                    break;
                case "ErrorProduced":
                    error ??= body?["message"]?.GetValue<string>();
                    break;
                case "CommandFailed":
                    error = body?["message"]?.GetValue<string>() ?? error ?? "The cell failed.";
                    outputs.Add(Error(ErrorName(body), error));
                    break;
            }
        }

        return error;
    }

    internal static JsonObject Error(string name, string message) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = message,
        ["traceback"] = new JsonArray(
            message.Split('\n').Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
    };

    /// <summary>The charts the notebook layer drew in these outputs.</summary>
    public static int CountCharts(JsonArray outputs) =>
        outputs.Sum(o => CountOccurrences(HtmlOf(o), ChartMarker));

    /// <summary>
    /// An output's text/html, which nbformat allows as one string or as a list of lines
    /// (Jupyter's own executors write the list).
    /// </summary>
    public static string HtmlOf(JsonNode? output) => output?["data"]?["text/html"] switch
    {
        JsonValue text => text.GetValue<string>(),
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => "",
    };

    private static string ErrorName(JsonObject? body) => body?["exception"] switch
    {
        JsonObject exception when exception["type"] is JsonValue type => type.ToString(),
        JsonValue text => text.ToString().Split(':')[0],
        _ => "Error",
    };

    private static JsonObject DataOf(JsonObject? body)
    {
        var data = new JsonObject();
        if (body?["formattedValues"] is JsonArray values)
        {
            foreach (var value in values)
            {
                var mime = value?["mimeType"]?.GetValue<string>();
                if (mime is not null && !data.ContainsKey(mime))
                {
                    data[mime] = value!["value"]?.GetValue<string>() ?? "";
                }
            }
        }

        return data;
    }

    private static string TextOf(JsonObject? body) =>
        body?["formattedValues"] is JsonArray values
            ? string.Concat(values.Select(v => v?["value"]?.GetValue<string>() ?? ""))
            : "";

    private static JsonObject Stream(string name, string text) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = text,
    };

    private static int CountOccurrences(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0;
             at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
