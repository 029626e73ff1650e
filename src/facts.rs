//! Layer 0 (foundations): The facts a whole-book pass collects, one value per type
//! (see the engine's collect phase); a module keeps its own type here.

use std::any::{Any, TypeId};
use std::collections::HashMap;

/// Facts collected in phase one, one value per type: a shortcode module
/// keeps its own type here.
#[derive(Default)]
pub struct Facts {
    map: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Facts({} kinds)", self.map.len())
    }
}

impl Facts {
    /// The value of type `T` collected so far; `None` when no `collect`
    /// stored one.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.map.get(&TypeId::of::<T>())?.downcast_ref()
    }

    /// The value of type `T`, created with `T::default()` on first use: where
    /// a shortcode's `collect` accumulates what it found.
    pub fn entry<T: Any + Default + Send + Sync>(&mut self) -> &mut T {
        self.map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut()
            .unwrap_or_else(|| unreachable!("keyed by its own TypeId"))
    }
}
