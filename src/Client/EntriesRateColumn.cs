using Spectre.Console;
using Spectre.Console.Rendering;

namespace UsersCli;

/// <summary>The rebuild's rate as the silo measures it (feed entries per second), not bytes as Spectre's transfer column.</summary>
internal sealed class EntriesRateColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text($"{task.State.Get<double>("rate"):N0} entries/s", new Style(Color.Grey));
}
