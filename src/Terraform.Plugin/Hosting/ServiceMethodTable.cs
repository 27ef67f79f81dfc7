using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// Registers a gRPC service's methods from an explicit table (<see cref="PluginServiceMethods"/>) instead of
/// Grpc.AspNetCore's default discovery, which finds the generated <c>BindService</c> by reflection, invokes it
/// dynamically and dispatches generic virtual <c>ServiceBinderBase.AddMethod</c> calls. Under native AOT that path
/// has the runtime type loader build generic instantiations one by one — measured at two thirds of a plugin's time
/// from exec to handshake. Every instantiation here is visible to the AOT compiler.
/// </summary>
internal sealed class ServiceMethodTable<[DynamicallyAccessedMembers(GrpcService.Members)] TService>(
    string serviceName, ServiceMethodProviderContext<TService> context)
    where TService : class
{
    private static readonly IList<object> NoMetadata = Array.Empty<object>();

    public void Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response, UnaryServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        context.AddUnaryMethod(Describe(MethodType.Unary, name, request, response), NoMetadata, invoker);

    public void ServerStreaming<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response, ServerStreamingServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        context.AddServerStreamingMethod(Describe(MethodType.ServerStreaming, name, request, response), NoMetadata, invoker);

    public void ClientStreaming<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response, ClientStreamingServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        context.AddClientStreamingMethod(Describe(MethodType.ClientStreaming, name, request, response), NoMetadata, invoker);

    public void DuplexStreaming<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response, DuplexStreamingServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        context.AddDuplexStreamingMethod(Describe(MethodType.DuplexStreaming, name, request, response), NoMetadata, invoker);

    private Method<TRequest, TResponse> Describe<TRequest, TResponse>(MethodType type, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(type, serviceName, name, GrpcService.Marshaller(request), GrpcService.Marshaller(response));
}

/// <summary>Shared pieces of <see cref="ServiceMethodTable{TService}"/>.</summary>
internal static class GrpcService
{
    /// <summary>What Grpc.AspNetCore requires to stay on a service type after trimming.</summary>
    public const DynamicallyAccessedMemberTypes Members =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    /// <summary>A protobuf marshaller that writes straight into the transport's buffer and parses from its sequence.</summary>
    public static Marshaller<T> Marshaller<T>(MessageParser<T> parser)
        where T : class, IMessage<T> =>
        Marshallers.Create<T>(
            static (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}

/// <summary>Feeds a <see cref="ServiceMethodTable{TService}"/> to Grpc.AspNetCore's method discovery.</summary>
internal sealed class TableServiceMethodProvider<[DynamicallyAccessedMembers(GrpcService.Members)] TService>(
    string serviceName, Action<ServiceMethodTable<TService>> table) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context) =>
        table(new ServiceMethodTable<TService>(serviceName, context));
}
