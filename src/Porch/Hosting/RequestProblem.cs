namespace Porch.Hosting;

/// <summary>Why a request is refused before routing: the status to answer and one sentence naming the problem.</summary>
internal readonly record struct RequestProblem(int StatusCode, string Detail);
