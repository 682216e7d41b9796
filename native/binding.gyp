{
  "targets": [
    {
      "target_name": "tsray_shm",
      "sources": ["src/shm.cc", "src/arena.cc"],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-O2"],
      "libraries": ["-lrt", "-lpthread"]
    }
  ]
}
