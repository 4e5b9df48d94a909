# Debian packages from the install() rules: `cpack -G DEB` in a build folder
# (packaging/build-deb.sh). The full build gives `rankscope` (GUI and CLI); the engine-only build
# (-DRANKSCOPE_WITH_GUI=OFF) gives `rankscope-cli` without any Qt dependency.
if(RANKSCOPE_WITH_GUI)
  set(CPACK_PACKAGE_NAME rankscope)
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "research workbench for rank collapse in attention")
else()
  set(CPACK_PACKAGE_NAME rankscope-cli)
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "rank-collapse study of attention, command line only")
endif()
# Debian keeps a package's license and documents in /usr/share/doc/<package>.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION share/doc/${CPACK_PACKAGE_NAME}
        RENAME copyright)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/${CPACK_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "The RankScope authors")
set(CPACK_PACKAGE_CONTACT "The RankScope authors <rankscope@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION
    "Trains a factorial matrix of small transformer language models (QK-Norm, Muon or AdamW,\n"
    "simple or complex data) with several seeds per cell, measures the spectra of attention\n"
    "keys and queries, prunes key dimensions and writes figures and a report with statistics.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Libraries the binaries link are found by dpkg-shlibdeps; what they load at run time is named:
# OpenBLAS with OpenMP (LibTorch links the generic libblas.so.3, whose reference implementation
# trains ~10x slower). Qt's platform and SVG plugins come with libqt6gui6 and libqt6svg6.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp")
if(RANKSCOPE_WITH_GUI)
  # Both install /usr/bin/rankscope-cli: the full package takes the engine-only one's place.
  set(CPACK_DEBIAN_PACKAGE_PROVIDES rankscope-cli)
  set(CPACK_DEBIAN_PACKAGE_CONFLICTS rankscope-cli)
  set(CPACK_DEBIAN_PACKAGE_REPLACES rankscope-cli)
endif()
# Only for parts of the work: the PyTorch reference of `bench`, npm for two corpora, Slurm.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-torch, npm, slurm-client")
include(CPack)
