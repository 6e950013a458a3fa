#include "harness/fixture.hpp"
