using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>
/// The path to the value being encoded or decoded, kept as a cheap stack and rendered only for error messages:
/// <c>.attr</c>, <c>[0]</c>, <c>["key"]</c>.
/// </summary>
internal sealed class CtyPath
{
    private Step[] _steps = new Step[16];
    private int _count;

    public int Depth => _count + Nesting;

    /// <summary>Extra nesting that adds no path step (dynamic wrappers inside dynamic wrappers).</summary>
    public int Nesting { get; set; }

    public void PushAttribute(string name) => Push(new Step(name, -1, isKey: false));

    public void PushKey(string key) => Push(new Step(key, -1, isKey: true));

    public void PushIndex(int index) => Push(new Step(null, index, isKey: false));

    public void Pop() => _count--;

    public CtyDecodeException DecodeError(string message) => new(Format(message), message, ToSteps());

    public ArgumentException EncodeError(string message) => new(Format(message));

    public string Format(string message)
    {
        if (_count == 0)
        {
            return message;
        }

        var sb = new StringBuilder();
        foreach (var step in ToSteps())
        {
            sb.Append(step.ToString());
        }

        return sb.Append(": ").Append(message).ToString();
    }

    public CtyPathStep[] ToSteps()
    {
        var steps = new CtyPathStep[_count];
        for (int i = 0; i < _count; i++)
        {
            var step = _steps[i];
            steps[i] = step.Name is null
                ? CtyPathStep.ElementIndex(step.Index)
                : step.IsKey ? CtyPathStep.Key(step.Name) : CtyPathStep.Attribute(step.Name);
        }

        return steps;
    }

    private void Push(Step step)
    {
        if (_count == _steps.Length)
        {
            Array.Resize(ref _steps, _steps.Length * 2);
        }

        _steps[_count++] = step;
    }

    private readonly struct Step(string? name, int index, bool isKey)
    {
        public string? Name { get; } = name;

        public int Index { get; } = index;

        public bool IsKey { get; } = isKey;
    }
}
