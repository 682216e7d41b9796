// The object store arena (arena.cc): objects allocated inside one shared-memory segment.
#pragma once

#include <napi.h>

namespace tsray {

// Adds the store* functions to the addon's exports.
void InitArena(Napi::Env env, Napi::Object exports);

}  // namespace tsray
