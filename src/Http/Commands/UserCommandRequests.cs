namespace Users.Http.Commands;

/// <summary>Body of <c>POST /users</c>: the id is the client's choice, like users-cli's.</summary>
public sealed record CreateUserRequest(string? Id, string? Name, string? Email = null, string? Address = null);

/// <summary>Body of <c>PUT /users/{id}</c>.</summary>
public sealed record NewUserRequest(string? Name, string? Email = null, string? Address = null);

public sealed record ChangeNameRequest(string? Name);

public sealed record ChangeEmailRequest(string? Email);

public sealed record ChangeAddressRequest(string? Address);

public sealed record DeactivateRequest(string? Reason);
