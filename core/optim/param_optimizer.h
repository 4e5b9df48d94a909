#pragma once

namespace torch::serialize {
class InputArchive;
class OutputArchive;
} // namespace torch::serialize

namespace rs {

// One optimizer over its share of a model's parameters: what OptimizerSet holds a list of.
// A new optimizer is a class implementing this and a row in OptimizerSet's recipe table.
class ParamOptimizer {
  public:
    virtual ~ParamOptimizer() = default;
    // The schedule's factor on the configured learning rate.
    virtual void setLrMultiplier(double m) = 0;
    virtual void step() = 0;
    virtual void zeroGrad() = 0;
    // Its state under its own key of a checkpoint's optimizer archive, in parameter order (equal
    // states give equal bytes); load reads the same key (or one an older version wrote).
    virtual void saveInto(torch::serialize::OutputArchive& archive) const = 0;
    virtual void loadFrom(torch::serialize::InputArchive& archive) = 0;
};

} // namespace rs
