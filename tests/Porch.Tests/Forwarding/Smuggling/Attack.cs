namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// One smuggling attempt and what Porch must make of it: refuse it with <see cref="RefusedWith"/>, or forward exactly
/// the requests whose bodies are <see cref="ForwardedBodies"/>, framed its own way. <see cref="Closes"/> says whether
/// Porch must close the client connection afterwards (always, for a refusal of HTTP/1.x framing).
/// </summary>
internal sealed record Attack(string Name, int? RefusedWith, string[] ForwardedBodies, bool Closes)
{
    public static Attack Refused(string name, int status = 400) => new(name, status, [], Closes: true);

    public static Attack Forwarded(string name, params string[] bodies) => new(name, null, bodies, Closes: false);

    public static Attack ForwardedThenClosed(string name, params string[] bodies) => new(name, null, bodies, Closes: true);
}
