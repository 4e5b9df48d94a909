// Headless GUI tests: the offscreen platform, one QApplication for every suite.
#include <QApplication>

#include <gtest/gtest.h>

#include "core/util/memory_reuse.h"

int main(int argc, char** argv) {
    rs::keepFreedMemoryForReuse(); // before LibTorch allocates: see util/memory_reuse.h
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication::setOrganizationName(QStringLiteral("RankScopeTests"));
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
