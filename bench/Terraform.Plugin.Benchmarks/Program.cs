using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Terraform.Plugin.Benchmarks.CtyCodecBenchmarks).Assembly).Run(args);
