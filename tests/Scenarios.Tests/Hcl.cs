namespace Scenarios.Tests;

/// <summary>HCL quoting (see <see cref="TestSupport.Tools.NutanixHcl"/>) and the flattening of terraform's boxed diagnostics.</summary>
internal static class Hcl
{
    public static string Quote(string value) => TestSupport.Tools.NutanixHcl.Quote(value);

    /// <summary>
    /// The diagnostics of a terraform run (human format, <c>-no-color</c>), one string per box, with the box drawing
    /// removed and the lines joined by single spaces.
    /// </summary>
    public static List<string> Diagnostics(string output)
    {
        // With -no-color terraform prints "Error: ..." / "Warning: ..." blocks without the box drawing; with it,
        // each block is framed by ╷ ... ╵ and prefixed by │. Both are handled.
        var blocks = new List<string>();
        List<string>? current = null;
        void Close()
        {
            if (current is not null) blocks.Add(string.Join(' ', current.Where(l => l.Length > 0)));
            current = null;
        }

        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('╷')) continue;
            if (line.StartsWith('╵'))
            {
                Close();
                continue;
            }

            var text = line.TrimStart('│').Trim();
            if (text.StartsWith("Error: ", StringComparison.Ordinal) || text.StartsWith("Warning: ", StringComparison.Ordinal))
            {
                Close();
                current = [];
            }

            current?.Add(text);
        }

        Close();
        return blocks;
    }
}
