using Grpc.Core;
using Terraform.Plugin.Functions;
using Terraform.Plugin.Values;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.CallFunction.Types.Response> CallFunction(Proto.CallFunction.Types.Request request, ServerCallContext context)
    {
        if (!Catalog.Functions.TryGetValue(request.Name, out var entry))
        {
            return new Proto.CallFunction.Types.Response
            {
                Error = new Proto.FunctionError { Text = $"The provider does not define a function named \"{request.Name}\"." },
            };
        }

        var definition = entry.Definition;
        var arguments = new List<CtyValue>(request.Arguments.Count);
        for (var i = 0; i < request.Arguments.Count; i++)
        {
            var parameter = i < definition.Parameters.Count ? definition.Parameters[i] : definition.VariadicParameter;
            if (parameter is null)
            {
                return Error($"Too many arguments: the function takes {definition.Parameters.Count}.", i);
            }

            try
            {
                arguments.Add(FromProto.DynamicValue(request.Arguments[i], parameter.Type));
            }
            catch (CtyDecodeException e)
            {
                return Error($"Invalid value for parameter \"{parameter.Name}\": {e.Message}", i);
            }
        }

        if (arguments.Count < definition.Parameters.Count)
        {
            return Error($"Not enough arguments: the function takes {definition.Parameters.Count}.", null);
        }

        var run = new FunctionRunResponse();
        using var cts = Link(context);
        try
        {
            await entry.Factory().RunAsync(new FunctionRunRequest { Arguments = arguments }, run, cts.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failing function is reported to the user, not as an RPC failure
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Error($"{e.GetType().Name}: {e.Message}", null);
        }

        if (run.Error is not null) return Error(run.Error, run.ErrorArgument);
        if (run.Result is null) return Error("The function returned no result. This is a bug in the provider.", null);
        return new Proto.CallFunction.Types.Response { Result = ToProto.DynamicValue(run.Result, definition.ReturnType) };

        static Proto.CallFunction.Types.Response Error(string text, long? argument)
        {
            var error = new Proto.FunctionError { Text = text };
            if (argument is { } a) error.FunctionArgument = a;
            return new Proto.CallFunction.Types.Response { Error = error };
        }
    }
}
