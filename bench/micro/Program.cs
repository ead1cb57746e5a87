using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Porch.Bench.Micro.ProxyHeaderParseBenchmarks).Assembly).Run(args);
