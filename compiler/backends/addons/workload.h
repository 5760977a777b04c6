// Building blocks of the add-ons' own workloads (RBAC rules and bindings, pod volumes), shared
// by the CSI driver and the cloud provider.
#pragma once

#include <initializer_list>
#include <string_view>

#include "compiler/backends/manifest.h"

namespace kmetal::backends::addons {

// One RBAC rule: verbs on resources of one API group.
Object rule(std::string_view group, std::initializer_list<const char*> resources,
            std::initializer_list<const char*> verbs);

// roleRef and subjects binding `role` (a Role or ClusterRole) to the ServiceAccount `account`.
Object binding_to(const ir::Platform& platform, ir::ObjectId role, ir::ObjectId account);

// `o` with the fields of `fields` set on it.
Object with(Object o, const Object& fields);

Object mount(std::string_view name, std::string_view path);

// A Deployment of one pod on the under cluster (an add-on's controller, in its tenant's
// namespace): selected by app.kubernetes.io/name, run as `account`, no service links.
Object controller_deployment(const ir::Platform& p, ir::ObjectId id, ir::ObjectId account,
                             Object containers, Object volumes);

// The volume of Kamaji's admin kubeconfig for a tenant, key admin.svc (the in-cluster Service;
// the VIP admits the tenant's own ranges only) mounted as the file `value`.
Object tenant_kubeconfig_volume(const ir::Platform& platform, const ir::Tenant& tenant,
                                std::string_view name);

}  // namespace kmetal::backends::addons
