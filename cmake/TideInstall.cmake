# Install and export rules (host builds with TIDE_INSTALL ON; included at the end of the
# top-level CMakeLists.txt, after every target exists).
#
#   cmake --install build/release --prefix /opt/tide
#   # in a consumer:  find_package(tide CONFIG REQUIRED)
#   #                 target_link_libraries(app PRIVATE tide::alloc tide::host)
#
# Everything goes into one export set, tideTargets, with the namespace tide::. Libraries
# outside alloc/ and host/ (kernel/memory) install themselves into the same set next to
# their own targets; this file writes the set out once, with whatever it holds.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TIDE_INSTALL_CMAKEDIR "lib/cmake/tide" CACHE STRING
    "Where tideConfig.cmake is installed, relative to the prefix")

# Libraries in lib/, the drop-in (a shared object) with them.
set(_tide_install_targets tide_alloc tide_alloc_std_names tide_new_delete tide_host)
if(TARGET tide_malloc)  # not built with sanitizers
  list(APPEND _tide_install_targets tide_malloc)
endif()
install(TARGETS ${_tide_install_targets} EXPORT tideTargets
        ARCHIVE DESTINATION lib
        LIBRARY DESTINATION lib
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION include)

# Headers: alloc's, host's, and the generated compile-time policy defaults.
install(DIRECTORY "${tide_SOURCE_DIR}/alloc/include/tide" "${tide_SOURCE_DIR}/host/include/tide"
        DESTINATION include)
install(FILES "${CMAKE_BINARY_DIR}/generated/alloc/include/tide/heap_config.h" DESTINATION include/tide)

install(EXPORT tideTargets NAMESPACE tide:: DESTINATION "${TIDE_INSTALL_CMAKEDIR}"
        FILE tideTargets.cmake)

configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/tideConfig.cmake.in"
                              "${CMAKE_CURRENT_BINARY_DIR}/tideConfig.cmake"
                              INSTALL_DESTINATION "${TIDE_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/tideConfigVersion.cmake"
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/tideConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/tideConfigVersion.cmake"
        DESTINATION "${TIDE_INSTALL_CMAKEDIR}")
