using Nutanix.Prism.Models;
using Refit;

namespace Nutanix.Prism;

/// <summary>
/// The Prism Central v3 REST surface this client uses, relative to <c>https://host:port/api/nutanix/v3/</c>.
/// Refit generates the implementation at build time; responses come back as <see cref="IApiResponse{T}"/>
/// so that <see cref="PrismCentralClient"/> maps every failure to a <see cref="PrismException"/> itself.
/// </summary>
[Headers("Accept: application/json")]
internal interface IPrismV3Api
{
    [Get("/users/me")]
    Task<IApiResponse<PrismEntity<UserResources>>> GetCurrentUserAsync(CancellationToken cancellationToken);

    [Get("/prism_central")]
    Task<IApiResponse<PrismCentralInfo>> GetPrismCentralAsync(CancellationToken cancellationToken);

    [Post("/clusters/list")]
    Task<IApiResponse<PrismList<PrismEntity<ClusterResources>>>> ListClustersAsync([Body] ListRequest request, CancellationToken cancellationToken);

    [Get("/clusters/{uuid}")]
    Task<IApiResponse<PrismEntity<ClusterResources>>> GetClusterAsync(string uuid, CancellationToken cancellationToken);

    [Post("/subnets/list")]
    Task<IApiResponse<PrismList<PrismEntity<SubnetResources>>>> ListSubnetsAsync([Body] ListRequest request, CancellationToken cancellationToken);

    [Get("/subnets/{uuid}")]
    Task<IApiResponse<PrismEntity<SubnetResources>>> GetSubnetAsync(string uuid, CancellationToken cancellationToken);

    [Post("/images/list")]
    Task<IApiResponse<PrismList<PrismEntity<ImageResources>>>> ListImagesAsync([Body] ListRequest request, CancellationToken cancellationToken);

    [Get("/images/{uuid}")]
    Task<IApiResponse<PrismEntity<ImageResources>>> GetImageAsync(string uuid, CancellationToken cancellationToken);

    [Post("/projects/list")]
    Task<IApiResponse<PrismList<PrismEntity<ProjectResources>>>> ListProjectsAsync([Body] ListRequest request, CancellationToken cancellationToken);

    [Get("/projects/{uuid}")]
    Task<IApiResponse<PrismEntity<ProjectResources>>> GetProjectAsync(string uuid, CancellationToken cancellationToken);

    [Post("/vms/list")]
    Task<IApiResponse<PrismList<PrismEntity<VmResources>>>> ListVmsAsync([Body] ListRequest request, CancellationToken cancellationToken);

    [Get("/vms/{uuid}")]
    Task<IApiResponse<PrismEntity<VmResources>>> GetVmAsync(string uuid, CancellationToken cancellationToken);

    [Post("/categories/list")]
    Task<IApiResponse<PrismList<CategoryKey>>> ListCategoriesAsync([Body] ListRequest request, CancellationToken cancellationToken);

    [Get("/categories/{key}")]
    Task<IApiResponse<CategoryKey>> GetCategoryAsync(string key, CancellationToken cancellationToken);

    [Post("/categories/{key}/list")]
    Task<IApiResponse<PrismList<CategoryValue>>> ListCategoryValuesAsync(string key, [Body] ListRequest request, CancellationToken cancellationToken);

    [Get("/categories/{key}/{value}")]
    Task<IApiResponse<CategoryValue>> GetCategoryValueAsync(string key, string value, CancellationToken cancellationToken);

    [Get("/tasks/{uuid}")]
    Task<IApiResponse<PrismTask>> GetTaskAsync(string uuid, CancellationToken cancellationToken);
}
