using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding;

/// <summary>
/// Server-sent events and long polls through the forwarder (the one <c>porch proxy</c> and the relay use): the app's
/// response head reaches the client while the app still waits, and each event arrives before the app's next write.
/// </summary>
public sealed class ForwarderEventStreamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task EventStream_HeadThenWaits_ClientGetsTheHeadAndEachEventBeforeTheNextWrite(string version)
    {
        await using var app = await EventApp.StartAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = app.Backend.Upstream() });
        using var client = host.CreateClient(Version.Parse(version));

        var (response, body) = await EventApp.OpenAsync(client, new Uri(host.BaseAddress, "/events"), Wait);
        using (response)
        {
            await app.AssertStreamsAsync(response, body, Wait);
        }
    }
}
