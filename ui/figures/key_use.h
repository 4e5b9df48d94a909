#pragma once

namespace rsui {

// What the gamma scatter plots against |γⱼ|: the pre-gain energy share (gamma-free), the loss
// increase of a single-dimension ablation, or the post-gain share (contains γⱼ², for comparison).
enum class KeyUse { PregainEnergy, Ablation, PostgainEnergy };

} // namespace rsui
