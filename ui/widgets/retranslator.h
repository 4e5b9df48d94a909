#pragma once

#include <QObject>

#include <functional>
#include <vector>

namespace rsui {

// Keeps a widget's texts in the current language: each setter given to add() runs at once and
// again whenever the application's language changes (QEvent::LanguageChange on `owner`), so
// switching the language needs no restart. The setters call tr() themselves.
class Retranslator : public QObject {
  public:
    explicit Retranslator(QObject* owner);
    void add(std::function<void()> apply);
    void retranslate();

  protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

  private:
    std::vector<std::function<void()>> setters_;
};

} // namespace rsui
