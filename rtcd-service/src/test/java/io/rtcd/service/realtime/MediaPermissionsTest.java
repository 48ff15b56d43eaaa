package io.rtcd.service.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtcd.rtc.sfu.PublishPermission;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MediaPermissionsTest {
    @Test
    void mapsTokenPermissionsToSfuPermissions() {
        assertEquals(PublishPermission.all(), MediaPermissions.of(Set.of("publish")));
        assertEquals(EnumSet.of(PublishPermission.AUDIO), MediaPermissions.of(Set.of("publish_audio", "publish_data")));
        assertEquals(
                EnumSet.of(PublishPermission.VIDEO, PublishPermission.SCREEN),
                MediaPermissions.of(Set.of("publish_video")));
        assertEquals(EnumSet.of(PublishPermission.SCREEN), MediaPermissions.of(Set.of("publish_screen")));
        assertEquals(PublishPermission.none(), MediaPermissions.of(Set.of("moderate", "Publish")));
        assertEquals(PublishPermission.none(), MediaPermissions.of(Set.of()));
    }
}
