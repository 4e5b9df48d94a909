#include "ui/widgets/retranslator.h"

#include <QEvent>

namespace rsui {

Retranslator::Retranslator(QObject* owner) : QObject(owner) {
    owner->installEventFilter(this);
}

void Retranslator::add(std::function<void()> apply) {
    apply();
    setters_.push_back(std::move(apply));
}

void Retranslator::retranslate() {
    for (const auto& s : setters_) {
        s();
    }
}

bool Retranslator::eventFilter(QObject* watched, QEvent* e) {
    if (e->type() == QEvent::LanguageChange && watched == parent()) {
        retranslate();
    }
    return QObject::eventFilter(watched, e);
}

} // namespace rsui
