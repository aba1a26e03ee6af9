using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Envelope.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Envelope.Benchmarks.BlobBenchmarks).Assembly).Run(args);
